/**
 * The demo's (`dev:mock`) test users and its stand-in for the BFF's session. The users are the
 * local stand-ins' personas (bff/standins/personas.ts, the persona table in the root README),
 * with the same user ids, roles, organisations and e-RS registrations, so the demo and
 * `npm start` show the same people; `web/` cannot import `bff/`, so they are written out here.
 *
 * The session is kept in `sessionStorage`, as the BFF keeps it on the server: the demo's
 * sign-in, sign-out and "Change role" are full page loads, which a module variable would not
 * survive. It holds who is signed in and how they are working, never patient data.
 */
import type {
  ActingAs,
  ActingContextChoices,
  OtherRole,
  SignedInUser,
} from '@ers/shared/bff-contract';
import type { Clinician } from '@/lib/clinician';

const ORGANISATIONS = {
  RCD: { odsCode: 'RCD', name: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST' },
  D82106: { odsCode: 'D82106', name: 'THE GREEN SURGERY' },
  R69: { odsCode: 'R69', name: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST' },
} as const;

export type DemoUser = {
  /** One CIS2 role of one person: the demo's sign-in page offers each. */
  id: string;
  /** What the sign-in page says about this user. */
  summary: string;
  user: Omit<SignedInUser, 'actingAs'>;
  /** The (organisation, business function) pairs e-RS A030 lists for the person. */
  options: ActingContextChoices['options'];
  /** The pair the BFF would choose at sign-in (one A030 pair the CIS2 role suggests), if any. */
  defaultActingAs: ActingAs | null;
  /** For an SPC admin: the clinicians e-RS A040 lists, by user ID alone as A040 gives them. */
  clinicians?: Clinician[];
};

const option = (
  odsCode: keyof typeof ORGANISATIONS,
  businessFunction: ActingAs['businessFunction'],
) => ({
  odsCode,
  organisationName: ORGANISATIONS[odsCode].name,
  businessFunction,
});

const otherRole = (id: string, name: string, odsCode: keyof typeof ORGANISATIONS): OtherRole => ({
  id,
  name,
  organisation: ORGANISATIONS[odsCode],
  usableForErs: true,
  reason: 'Select this role when you sign in to use it',
});

const OKAFOR = { uid: '555073103100', name: 'Dr James Okafor' };
const OKAFOR_OPTIONS = [
  option('D82106', 'REFERRING_CLINICIAN'),
  option('R69', 'SERVICE_PROVIDER_CLINICIAN'),
];

export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: '555032006106',
    summary: 'Service provider clinician at RCD, one role',
    user: {
      uid: '555032006106',
      name: 'Dr Priya Shah',
      role: { id: '555032006106101', name: 'Consultant', code: 'S8000:G8000:R8003' },
      organisation: ORGANISATIONS.RCD,
      otherRoles: [],
    },
    options: [option('RCD', 'SERVICE_PROVIDER_CLINICIAN')],
    defaultActingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  },
  {
    id: '555073103100201',
    summary: 'Several roles: as a GP, referring clinician at D82106',
    user: {
      ...OKAFOR,
      role: {
        id: '555073103100201',
        name: 'General Medical Practitioner',
        code: 'S8000:G8000:R8000',
      },
      organisation: ORGANISATIONS.D82106,
      otherRoles: [otherRole('555073103100202', 'Consultant', 'R69')],
    },
    options: OKAFOR_OPTIONS,
    defaultActingAs: { odsCode: 'D82106', businessFunction: 'REFERRING_CLINICIAN' },
  },
  {
    id: '555073103100202',
    summary: 'Several roles: as a consultant, service provider clinician at R69',
    user: {
      ...OKAFOR,
      role: { id: '555073103100202', name: 'Consultant', code: 'S8000:G8000:R8003' },
      organisation: ORGANISATIONS.R69,
      otherRoles: [otherRole('555073103100201', 'General Medical Practitioner', 'D82106')],
    },
    options: OKAFOR_OPTIONS,
    defaultActingAs: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  },
  {
    id: '555031998104',
    summary: 'SPC admin at RCD: chooses the clinician she acts for (Dr Shah)',
    user: {
      uid: '555031998104',
      name: 'Mrs Helen Price',
      role: {
        id: '555031998104101',
        name: 'Medical Secretary Access Role',
        code: 'S8001:G8001:R8006',
      },
      organisation: ORGANISATIONS.RCD,
      otherRoles: [],
    },
    options: [option('RCD', 'SERVICE_PROVIDER_CLINICIAN_ADMIN')],
    // An SPC admin is in this pair from the start, and chooses the clinician before anything else.
    defaultActingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN' },
    clinicians: [{ userId: '555032006106', name: null }],
  },
];

type Stored = { userId: string; actingAs: ActingAs | null };

const STORAGE_KEY = 'ers-demo-session';

/** The demo's session: who is signed in (one of DEMO_USERS) and how they are working. */
export class DemoSession {
  constructor(private readonly storage: Storage) {}

  private read(): Stored | null {
    try {
      const stored = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
      return stored && DEMO_USERS.some((each) => each.id === stored.userId) ? stored : null;
    } catch {
      return null;
    }
  }

  /** The signed-in demo user and how they are working, or null when signed out. */
  current(): { demoUser: DemoUser; actingAs: ActingAs | null } | null {
    const stored = this.read();
    const demoUser = stored && DEMO_USERS.find((each) => each.id === stored.userId);
    return demoUser && stored ? { demoUser, actingAs: stored.actingAs } : null;
  }

  signIn(userId: string): void {
    const demoUser = DEMO_USERS.find((each) => each.id === userId);
    if (!demoUser) throw new Error(`no demo user ${userId}`);
    this.write({ userId, actingAs: demoUser.defaultActingAs });
  }

  choose(actingAs: ActingAs): void {
    const stored = this.read();
    if (stored) this.write({ ...stored, actingAs });
  }

  signOut(): void {
    this.storage.removeItem(STORAGE_KEY);
  }

  private write(stored: Stored): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(stored));
  }
}
