import { Link } from 'react-router';
import { WORKLIST_LABELS, type WorklistType } from '@ers/shared/worklist-access';

/**
 * The lists this business function sees, each with its count, in a row above the list (beside
 * it, they took a quarter of the width the list's columns need); the current one marked.
 */
export function WorklistNav({
  lists,
  current,
}: {
  lists: { listType: WorklistType; total: number | null }[];
  current: WorklistType;
}) {
  return (
    <nav aria-label="Worklists">
      <ul className="nhsuk-list app-worklist-nav">
        {lists.map(({ listType, total }) => {
          const text = `${WORKLIST_LABELS[listType]}${total === null ? '' : ` (${String(total)})`}`;
          return (
            <li key={listType}>
              {listType === current ? (
                <Link to={`/worklists/${listType}`} aria-current="page">
                  <strong>{text}</strong>
                </Link>
              ) : (
                <Link to={`/worklists/${listType}`}>{text}</Link>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
