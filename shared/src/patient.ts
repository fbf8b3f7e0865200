/**
 * The patient banner: who a referral is about, from the Personal Demographics Service (PDS FHIR
 * R4 `GET /Patient/{nhsNumber}`). e-RS's referral carries only the NHS number; a clinician confirms
 * the patient by name and date of birth before reading clinical content.
 *
 * The BFF maps PDS's Patient here and the SPA validates the answer with the same schemas (its mock
 * handlers map the same FHIR). Only what the banner shows is kept. A restricted record (`meta.security`
 * R) keeps name, date of birth and NHS number only; a very restricted one (V) the NHS number only:
 * their schemas are strict, so an address or GP practice in one fails validation rather than showing.
 * Field paths: PDS `specification/components/schemas/Patient.yaml` (NHSDigital/personal-demographics-service-api).
 */
import { z } from 'zod';

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const ODS_ORGANISATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const NHS_NUMBER_VERIFICATION_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const DEATH_NOTIFICATION_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus';

/** FHIR dates as PDS gives them: `yyyy`, `yyyy-mm` or `yyyy-mm-dd` (a few records are partial). */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const PartialDateSchema = z.string().regex(PARTIAL_DATE_PATTERN);

export const GENDER_LABELS = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Not known',
} as const;
const GenderSchema = z.enum(['male', 'female', 'other', 'unknown']);

const CodingSchema = z.object({ code: z.string(), display: z.string().nullable() });
export type PatientCoding = z.infer<typeof CodingSchema>;

const NameSchema = z.object({
  prefix: z.array(z.string()),
  given: z.array(z.string()),
  family: z.string().nullable(),
  suffix: z.array(z.string()),
});
export type PatientName = z.infer<typeof NameSchema>;

const identity = {
  /** The NHS number PDS answered with: the current one. */
  nhsNumber: z.string(),
  /** The referral's NHS number when PDS answered with another (it was superseded by a merge). */
  supersededNhsNumber: z.string().nullable(),
};

export const UnrestrictedPatientSchema = z.object({
  restriction: z.literal('none'),
  ...identity,
  nhsNumberVerification: CodingSchema.nullable(),
  name: NameSchema.nullable(),
  birthDate: PartialDateSchema.nullable(),
  gender: GenderSchema.nullable(),
  homeAddress: z
    .object({ lines: z.array(z.string()), postalCode: z.string().nullable() })
    .nullable(),
  /** ODS code only: PDS gives no practice name, and the banner asks no other API for it. */
  gpPracticeOdsCode: z.string().nullable(),
  deceased: z.object({ date: PartialDateSchema, notification: CodingSchema.nullable() }).nullable(),
});

export const RestrictedPatientSchema = z.strictObject({
  restriction: z.literal('restricted'),
  ...identity,
  nhsNumberVerification: CodingSchema.nullable(),
  name: NameSchema.nullable(),
  birthDate: PartialDateSchema.nullable(),
});

export const VeryRestrictedPatientSchema = z.strictObject({
  restriction: z.literal('very_restricted'),
  ...identity,
});

export const PatientBannerSchema = z.discriminatedUnion('restriction', [
  UnrestrictedPatientSchema,
  RestrictedPatientSchema,
  VeryRestrictedPatientSchema,
]);
export type PatientBanner = z.infer<typeof PatientBannerSchema>;

/**
 * `GET /api/referrals/{ubrn}/patient`: what PDS says about the referral's patient. PDS failing
 * (unreachable, refusing, busy) is a problem response instead (`pds_unavailable`...).
 */
export const PatientLookupSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), patient: PatientBannerSchema }),
  /** The referral's NHS number fails the Modulus 11 check: PDS was not asked. */
  z.object({ status: z.literal('invalid_nhs_number'), nhsNumber: z.string(), detail: z.string() }),
  /** PDS has no record for the number (404 RESOURCE_NOT_FOUND). */
  z.object({ status: z.literal('not_found'), detail: z.string() }),
  /** PDS's record was invalidated and not superseded (404 INVALIDATED_RESOURCE). */
  z.object({ status: z.literal('invalidated'), detail: z.string() }),
  /** The BFF has no PDS base URL in this environment. */
  z.object({ status: z.literal('not_configured'), detail: z.string() }),
]);
export type PatientLookup = z.infer<typeof PatientLookupSchema>;

// --- PDS's Patient, the fields the banner reads (loose: PDS sends many more) ---

const FhirCodingSchema = z.object({ code: z.string().optional(), display: z.string().optional() });
const FhirPeriodSchema = z.object({ start: z.string().optional(), end: z.string().optional() });
const FhirExtensionSchema = z
  .object({
    url: z.string(),
    valueCodeableConcept: z.object({ coding: z.array(FhirCodingSchema).optional() }).optional(),
    get extension() {
      return z.array(FhirExtensionSchema).optional();
    },
  })
  .loose();
type FhirExtension = z.infer<typeof FhirExtensionSchema>;

export const PdsPatientSchema = z
  .object({
    resourceType: z.literal('Patient'),
    id: z.string(),
    identifier: z
      .array(
        z
          .object({
            system: z.string().optional(),
            value: z.string().optional(),
            extension: z.array(FhirExtensionSchema).optional(),
          })
          .loose(),
      )
      .optional(),
    meta: z
      .object({ security: z.array(FhirCodingSchema.loose()).optional() })
      .loose()
      .optional(),
    name: z
      .array(
        z
          .object({
            use: z.string().optional(),
            period: FhirPeriodSchema.optional(),
            prefix: z.array(z.string()).optional(),
            given: z.array(z.string()).optional(),
            family: z.string().optional(),
            suffix: z.array(z.string()).optional(),
          })
          .loose(),
      )
      .optional(),
    gender: z.string().optional(),
    birthDate: z.string().optional(),
    deceasedDateTime: z.string().optional(),
    address: z
      .array(
        z
          .object({
            use: z.string().optional(),
            period: FhirPeriodSchema.optional(),
            line: z.array(z.string()).optional(),
            postalCode: z.string().optional(),
          })
          .loose(),
      )
      .optional(),
    generalPractitioner: z
      .array(
        z
          .object({
            identifier: z
              .object({
                system: z.string().optional(),
                value: z.string().optional(),
                period: FhirPeriodSchema.optional(),
              })
              .optional(),
          })
          .loose(),
      )
      .optional(),
    extension: z.array(FhirExtensionSchema).optional(),
  })
  .loose();
type PdsPatient = z.infer<typeof PdsPatientSchema>;

const RESTRICTIONS: Record<string, PatientBanner['restriction']> = {
  U: 'none',
  R: 'restricted',
  V: 'very_restricted',
};

/** A period that has started (or has no start) and not ended, on `today` (`yyyy-mm-dd`). */
function current(period: { start?: string; end?: string } | undefined, today: string): boolean {
  return (!period?.start || period.start <= today) && (!period?.end || period.end >= today);
}

function codingOf(extension: FhirExtension | undefined): PatientCoding | null {
  const coding = extension?.valueCodeableConcept?.coding?.find((each) => each.code);
  return coding?.code ? { code: coding.code, display: coding.display ?? null } : null;
}

function dateOnly(value: string | undefined): string | null {
  const date = value?.slice(0, 10);
  return date && PARTIAL_DATE_PATTERN.test(date) ? date : null;
}

/** "A patient always has a usual name" (PDS); the current one when several. */
function usualName(patient: PdsPatient, today: string): PatientName | null {
  const usual = (patient.name ?? []).filter((name) => name.use === 'usual');
  const name = usual.find((each) => current(each.period, today)) ?? usual[0];
  if (!name) return null;
  return {
    prefix: name.prefix ?? [],
    given: name.given ?? [],
    family: name.family ?? null,
    suffix: name.suffix ?? [],
  };
}

function homeAddress(patient: PdsPatient, today: string) {
  const home = (patient.address ?? []).find(
    (address) => address.use === 'home' && current(address.period, today),
  );
  if (!home) return null;
  return {
    lines: (home.line ?? []).filter((line) => line.trim() !== ''),
    postalCode: home.postalCode ?? null,
  };
}

function gpPractice(patient: PdsPatient, today: string): string | null {
  const practice = patient.generalPractitioner?.[0]?.identifier;
  return practice?.system === ODS_ORGANISATION_SYSTEM &&
    practice.value &&
    current(practice.period, today)
    ? practice.value
    : null;
}

function deceased(patient: PdsPatient) {
  const date = dateOnly(patient.deceasedDateTime);
  if (!date) return null;
  const status = patient.extension?.find((each) => each.url === DEATH_NOTIFICATION_URL);
  const notification = codingOf(
    status?.extension?.find((each) => each.url === 'deathNotificationStatus'),
  );
  // Code U: the death notification was removed, so the date no longer stands.
  return notification?.code === 'U' ? null : { date, notification };
}

export type PatientBannerResult =
  { ok: true; patient: PatientBanner } | { ok: false; reason: string };

/**
 * PDS's Patient as the banner, for the NHS number the referral gave. Anything but U, R or V in
 * `meta.security` (or none) is read as V: showing too little is safe, showing a hidden address is
 * not. Location data of a restricted record is never read into the result.
 */
export function toPatientBanner(
  fhir: unknown,
  referralNhsNumber: string,
  today: string,
): PatientBannerResult {
  const parsed = PdsPatientSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not a PDS Patient: ${parsed.error.issues[0]?.message}` };
  }
  const patient = parsed.data;
  const restriction = RESTRICTIONS[patient.meta?.security?.[0]?.code ?? ''] ?? 'very_restricted';
  const identifier = patient.identifier?.find((each) => each.system === NHS_NUMBER_SYSTEM);
  if (identifier?.value !== undefined && identifier.value !== patient.id) {
    return { ok: false, reason: 'Patient id and NHS number identifier differ' };
  }
  const identity = {
    nhsNumber: patient.id,
    supersededNhsNumber: patient.id === referralNhsNumber ? null : referralNhsNumber,
  };
  if (restriction === 'very_restricted') {
    return { ok: true, patient: { restriction, ...identity } };
  }
  const verification = codingOf(
    identifier?.extension?.find((each) => each.url === NHS_NUMBER_VERIFICATION_URL),
  );
  const birthDate = dateOnly(patient.birthDate);
  const named = {
    ...identity,
    nhsNumberVerification: verification,
    name: usualName(patient, today),
    birthDate,
  };
  if (restriction === 'restricted') {
    return { ok: true, patient: { restriction, ...named } };
  }
  const gender = GenderSchema.safeParse(patient.gender);
  return {
    ok: true,
    patient: {
      restriction,
      ...named,
      gender: gender.success ? gender.data : null,
      homeAddress: homeAddress(patient, today),
      gpPracticeOdsCode: gpPractice(patient, today),
      deceased: deceased(patient),
    },
  };
}

/**
 * Age in whole years on `today` (`yyyy-mm-dd`), from a full date of birth only: from a partial
 * one the age could be a year out, so none is given.
 */
export function ageOn(birthDate: string, today: string): number | null {
  const born = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const now = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!born || !now) return null;
  const years = Number(now[1]) - Number(born[1]);
  const hadBirthday = `${now[2]}-${now[3]}` >= `${born[2]}-${born[3]}`;
  const age = hadBirthday ? years : years - 1;
  return age >= 0 ? age : null;
}

/** `SMITH, Jane (Mrs)`: family name in capitals first, as NHS patient banners show it. */
export function bannerName(name: PatientName): string {
  const family = name.family?.toUpperCase();
  const given = name.given.join(' ');
  const prefix = name.prefix.length ? ` (${name.prefix.join(' ')})` : '';
  return [family, given].filter(Boolean).join(', ') + prefix;
}
