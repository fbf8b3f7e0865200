import { expect, test, type Page } from '@playwright/test';
import { checkScreen } from '../support/screens';
import {
  ALEX_MORGAN,
  CHRIS_NOROLES,
  JAMES_OKAFOR,
  JO_EVANS,
  PRIYA_SHAH,
  SAM_TAYLOR,
  attachScreenshot,
  sessionCookie,
  signIn,
  type TestUser,
} from '../support/sign-in';

const account = (page: Page) => page.getByRole('navigation', { name: 'Account' });

type ActingAs = { role: string; organisation: string; businessFunction: string };

const worklistsHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Worklists' });

/** The header's account area names the person, their role, organisation and business function. */
async function expectActingAs(page: Page, name: string, actingAs: ActingAs) {
  const area = account(page);
  await expect(area).toContainText(name);
  await expect(area).toContainText(actingAs.role);
  await expect(area).toContainText(actingAs.organisation);
  await expect(area).toContainText(actingAs.businessFunction);
}

test.describe('users who can use e-Referrals', () => {
  const cases: Array<[TestUser, ActingAs & { firstList: RegExp }]> = [
    [
      PRIYA_SHAH,
      {
        role: 'Consultant',
        organisation: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
        businessFunction: 'Service provider clinician',
        firstList: /\/worklists\/REFERRALS_FOR_REVIEW$/,
      },
    ],
    [
      ALEX_MORGAN,
      {
        role: 'General Medical Practitioner',
        organisation: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
        businessFunction: 'Referring clinician',
        firstList: /\/worklists\/REJECTED_TRIAGE_RESPONSE$/,
      },
    ],
  ];

  for (const [user, expected] of cases) {
    test(`${user.name} (${user.uid}) signs in and sees who they are acting as`, async ({
      page,
      context,
    }, testInfo) => {
      await signIn(page, user);
      // The landing page starts them on the first place their role has: the worklists.
      await expect(worklistsHeading(page)).toBeVisible();
      await expect(page).toHaveURL(expected.firstList);
      await expectActingAs(page, user.name, expected);
      // One CIS2 role each: nothing to change to.
      await expect(account(page).getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expect(account(page).getByRole('link', { name: 'Change role' })).toHaveCount(0);
      expect(await sessionCookie(context)).toBeDefined();
      await attachScreenshot(page, testInfo, `signed-in-${user.uid}`);
    });
  }
});

test.describe('a user with several roles', () => {
  // The CIS2 stand-in keeps the role chosen at each sign-in apart, so both projects can sign
  // the same person in with different roles at once.
  const GP = 'General Medical Practitioner at THE GREEN SURGERY (D82106)';
  const CONSULTANT = 'Consultant at THE NORTH MIDLANDS HOSPITALS NHS TRUST (R69)';

  async function chooseRole(page: Page, label: string) {
    await expect(page.getByRole('heading', { level: 1, name: 'Select your role' })).toBeVisible();
    await expect(page.getByRole('radio')).toHaveCount(2);
    await page.getByRole('radio', { name: label }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('picks a role at CIS2 and acts at that organisation (GP practice)', async ({ page }) => {
    await signIn(page, JAMES_OKAFOR);
    await chooseRole(page, GP);
    await expect(worklistsHeading(page)).toBeVisible();
    await expectActingAs(page, JAMES_OKAFOR.name, {
      role: 'General Medical Practitioner',
      organisation: 'THE GREEN SURGERY (D82106)',
      businessFunction: 'Referring clinician',
    });
  });

  test('picks a role at CIS2 and acts at that organisation (hospital)', async ({ page }) => {
    await signIn(page, JAMES_OKAFOR);
    await chooseRole(page, CONSULTANT);
    await expect(worklistsHeading(page)).toBeVisible();
    await expectActingAs(page, JAMES_OKAFOR.name, {
      role: 'Consultant',
      organisation: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST (R69)',
      businessFunction: 'Service provider clinician',
    });
  });

  test("changes role from a page of the old role's and lands on a page the new role has", async ({
    page,
  }, testInfo) => {
    await signIn(page, JAMES_OKAFOR);
    await chooseRole(page, GP);
    await expect(worklistsHeading(page)).toBeVisible();
    // A list only a referrer has: a provider has no such list.
    await page.goto('/worklists/AWAITING_BOOKING');
    await expect(worklistsHeading(page)).toBeVisible();

    // Several CIS2 roles: the header offers to change.
    await account(page).getByRole('link', { name: 'Change role' }).click();
    // The BFF asks CIS2 to authenticate again (prompt=login), then to let the user pick a role.
    await expect(page.getByRole('heading', { name: 'Choose a test user' })).toBeVisible();
    await page.getByRole('button', { name: `Sign in as ${JAMES_OKAFOR.name}` }).click();
    await chooseRole(page, CONSULTANT);

    // The first list the provider role has, not the referrer's list it was chosen on.
    await expect(worklistsHeading(page)).toBeVisible();
    await expect(page).toHaveURL(/\/worklists\/REFERRALS_FOR_REVIEW$/);
    await expect(page.getByRole('heading', { name: 'Worklist not found' })).toHaveCount(0);
    await expectActingAs(page, JAMES_OKAFOR.name, {
      role: 'Consultant',
      organisation: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST (R69)',
      businessFunction: 'Service provider clinician',
    });
    await expect(account(page)).not.toContainText('THE GREEN SURGERY');
    await expect(account(page).getByRole('link', { name: 'Change role' })).toBeVisible();
    await attachScreenshot(page, testInfo, 'changed-role');
  });
});

test.describe('users e-Referrals must refuse', () => {
  const cases: Array<[TestUser, string, string]> = [
    [SAM_TAYLOR, 'low_authentication_assurance', 'Use a different way to sign in'],
    [
      JO_EVANS,
      'low_identity_assurance',
      'We could not verify your identity to the level e-Referrals needs',
    ],
    [CHRIS_NOROLES, 'no_roles', 'You do not have a role that can use e-Referrals'],
  ];

  for (const [user, reason, heading] of cases) {
    test(`${user.name} (${user.uid}) is refused: ${reason}`, async ({
      page,
      context,
    }, testInfo) => {
      await signIn(page, user);
      await expect(page).toHaveURL(new RegExp(`/sign-in-problem\\?reason=${reason}$`));
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Account' })).toHaveCount(0);

      expect(await sessionCookie(context)).toBeUndefined();
      const user401 = await page.request.get('/bff/user', { headers: { 'X-CSRF': '1' } });
      expect(user401.status()).toBe(401);
      await attachScreenshot(page, testInfo, `sign-in-problem-${reason}`);
    });
  }
});

test.describe('users whose CIS2 role and e-RS registration disagree', () => {
  const OWEN_BLAKE: TestUser = { uid: '555041000104', name: 'Mr Owen Blake' };
  const NADIA_GREEN: TestUser = { uid: '555041000103', name: 'Ms Nadia Green' };

  test(`${OWEN_BLAKE.name} (${OWEN_BLAKE.uid}): e-RS lists no role, so he is told what to do`, async ({
    page,
  }, testInfo) => {
    // His CIS2 role carries the e-RS activity code, but e-RS A030 lists nothing for him.
    await signIn(page, OWEN_BLAKE);
    await expect(
      page.getByRole('heading', { level: 1, name: 'You cannot use e-Referrals yet' }),
    ).toBeVisible();
    await expect(
      page.getByText('lists no roles for you at any organisation', { exact: false }),
    ).toBeVisible();
    await expect(
      page.getByText('Ask your local Registration Authority', { exact: false }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
    await expect(account(page)).toContainText('Consultant');
    await checkScreen(page, testInfo, 'no-ers-roles', { signedIn: true });
  });

  test(`${NADIA_GREEN.name} (${NADIA_GREEN.uid}): a CIS2 role with no e-RS activity code, and e-RS lists her`, async ({
    page,
  }) => {
    await signIn(page, NADIA_GREEN);
    await expect(
      page.getByRole('heading', { level: 1, name: 'Choose how you are working' }),
    ).toBeVisible();
    await page
      .getByRole('radio', {
        name: 'Service provider clinician at HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
      })
      .check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(worklistsHeading(page)).toBeVisible();
    await expectActingAs(page, NADIA_GREEN.name, {
      role: 'Nurse Access Role',
      organisation: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
      businessFunction: 'Service provider clinician',
    });
  });
});
