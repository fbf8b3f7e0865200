import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

export type NavigationItem = {
  to: string;
  text: string;
  /** This item is the page shown (`aria-current="page"`). */
  current: boolean;
};

function ItemLink({ item }: { item: NavigationItem }) {
  return (
    <Link
      className="nhsuk-header__navigation-link"
      to={item.to}
      aria-current={item.current ? 'page' : undefined}
    >
      {/* The design system's fallback: still marked where a user's own styles hide the border. */}
      {item.current ? (
        <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong>
      ) : (
        item.text
      )}
    </Link>
  );
}

/**
 * How many items fit on the bar, as the design system's header script decides (nhsuk-frontend
 * `header.mjs`, `updateNavigation`): each item's width as measured on the bar, in order, against
 * the list's width, less the "More" button's once anything overflows. Re-measured whenever the
 * list changes size (a narrower window, text-only zoom). React owns the items, so instead of the
 * script moving them into the menu, the count says where each one renders. Remount it (a `key`)
 * when the items change.
 */
function useItemsThatFit(count: number) {
  const listRef = useRef<HTMLUListElement>(null);
  const menuRef = useRef<HTMLLIElement>(null);
  const widths = useRef<number[]>([]);
  const [fit, setFit] = useState(count);

  const measure = useCallback(() => {
    const list = listRef.current;
    const menu = menuRef.current;
    if (!list || !menu) return;
    // Items on the bar are measured there; items in the menu keep their width from the bar.
    list
      .querySelectorAll<HTMLElement>(':scope > .nhsuk-header__navigation-item')
      .forEach((element, index) => {
        widths.current[index] = element.offsetWidth;
      });
    let available = list.offsetWidth;
    const total = widths.current.slice(0, count).reduce((sum, width) => sum + width, 0);
    if (total > available) {
      // Measured shown, as the script does: a hidden element has no width.
      const wasHidden = menu.hidden;
      menu.hidden = false;
      available -= menu.offsetWidth;
      menu.hidden = wasHidden;
    }
    let right = 0;
    let fitting = 0;
    for (const width of widths.current.slice(0, count)) {
      right += width;
      if (right > available) break;
      fitting += 1;
    }
    setFit(fitting);
  }, [count]);

  useLayoutEffect(() => {
    measure();
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      measure();
    });
    observer.observe(list);
    return () => {
      observer.disconnect();
    };
  }, [measure]);

  return { listRef, menuRef, fit };
}

/**
 * The NHS header's navigation (nhsuk-frontend 10 header, `navigation.items`): the places a
 * signed-in user can go, the current one marked. Items that do not fit collapse into "More", as
 * the design system's own script does; the menu closes on Escape, on a click outside and on
 * choosing a place.
 */
export function HeaderNavigation({ items }: { items: readonly NavigationItem[] }) {
  const { listRef, menuRef, fit } = useItemsThatFit(items.length);
  const [open, setOpen] = useState(false);
  const navRef = useRef<HTMLElement>(null);
  const menuListRef = useRef<HTMLUListElement>(null);
  const overflowing = items.slice(fit);
  const isOpen = open && overflowing.length > 0;

  useEffect(() => {
    const nav = navRef.current;
    if (!nav) return;
    // The open menu is positioned below the bar; the design system makes room for it with the
    // bar's bottom border. Set through the CSSOM: the BFF's CSP allows no style attributes.
    if (isOpen && menuListRef.current) {
      nav.style.setProperty('border-bottom-width', `${String(menuListRef.current.offsetHeight)}px`);
    } else {
      nav.style.removeProperty('border-bottom-width');
    }
    if (!isOpen) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event.type === 'click' && menuRef.current?.contains(event.target as Node)) {
        if (!(event.target as Element).closest('a')) return;
      }
      setOpen(false);
    };
    document.addEventListener('click', close, true);
    document.addEventListener('keydown', close, true);
    return () => {
      document.removeEventListener('click', close, true);
      document.removeEventListener('keydown', close, true);
    };
  }, [isOpen, menuRef]);

  if (items.length === 0) return null;
  return (
    <nav ref={navRef} className="nhsuk-header__navigation" aria-label="Menu">
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul ref={listRef} className="nhsuk-header__navigation-list">
          {items.slice(0, fit).map((item) => (
            <li
              key={item.to}
              className={
                item.current
                  ? 'nhsuk-header__navigation-item nhsuk-header__navigation-item--current'
                  : 'nhsuk-header__navigation-item'
              }
            >
              <ItemLink item={item} />
            </li>
          ))}
          <li ref={menuRef} className="nhsuk-header__menu" hidden={overflowing.length === 0}>
            <button
              type="button"
              className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
              aria-expanded={isOpen}
              onClick={() => {
                setOpen((wasOpen) => !wasOpen);
              }}
            >
              <span className="nhsuk-u-visually-hidden">Browse </span>More
            </button>
            <ul ref={menuListRef} className="nhsuk-header__menu-list" hidden={!isOpen}>
              {overflowing.map((item) => (
                <li key={item.to} className="nhsuk-header__navigation-item">
                  <ItemLink item={item} />
                </li>
              ))}
            </ul>
          </li>
        </ul>
      </div>
    </nav>
  );
}
