import type { ReactNode } from 'react';
import type { HealthcareServiceDetails } from '@ers/shared/healthcare-service';

const NOT_GIVEN = 'Not given by the service';

function Row({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{name}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** Free text from the service's own directory entry: its line breaks kept, nothing else. */
function Text({ value }: { value: string | null }) {
  return value ? <span className="app-comment">{value}</span> : <>{NOT_GIVEN}</>;
}

function ContactValue({ system, value }: { system: string | null; value: string }) {
  if (system === 'email') return <a href={`mailto:${value}`}>{value}</a>;
  return (
    <span className="nhsuk-u-nowrap" x-apple-data-detectors="false">
      {value}
    </span>
  );
}

const SYSTEM_WORDS: Record<string, string> = { phone: 'Phone', email: 'Email', fax: 'Fax' };

/**
 * A shortlisted service as e-RS A033 describes it: what it offers and how it works, then who to
 * contact and for whom. Only what e-RS holds: A033 carries no address or specialty (the
 * referral's own specialty and clinic type are on its summary).
 */
export function ServiceDetails({ service }: { service: HealthcareServiceDetails }) {
  return (
    <>
      <dl className="nhsuk-summary-list">
        <Row name="Service ID">{service.id}</Row>
        <Row name="Site (ODS code)">
          {service.locations.length > 0 ? service.locations.join(', ') : NOT_GIVEN}
        </Row>
        <Row name="How it works">{service.requestFlow?.label ?? NOT_GIVEN}</Row>
        {service.bookable ? <Row name="Booking">{service.bookable.label}</Row> : null}
        <Row name="Appointment types">
          {service.appointmentTypes.length === 0 ? (
            NOT_GIVEN
          ) : service.appointmentTypes.length === 1 ? (
            service.appointmentTypes[0]?.label
          ) : (
            <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
              {service.appointmentTypes.map((type) => (
                <li key={type.code}>{type.label}</li>
              ))}
            </ul>
          )}
        </Row>
        <Row name="Opening hours">
          <Text value={service.hoursOfOperation} />
        </Row>
        <Row name="Instructions for referrers">
          <Text value={service.instructions} />
        </Row>
      </dl>
      <h2>Contact details</h2>
      {service.contacts.length === 0 ? (
        <p className="nhsuk-body">e-RS holds no contact details for this service.</p>
      ) : (
        <dl className="nhsuk-summary-list">
          {service.contacts.map((contact, index) => (
            <Row
              key={index}
              name={`${contact.purpose ?? 'Contact'}${contact.system ? ` (${SYSTEM_WORDS[contact.system] ?? contact.system})` : ''}`}
            >
              <ContactValue system={contact.system} value={contact.value} />
            </Row>
          ))}
        </dl>
      )}
    </>
  );
}
