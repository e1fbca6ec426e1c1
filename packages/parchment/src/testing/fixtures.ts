import type { components } from "../generated/openapi.js";
import { PARCHMENT_SCOPES, type ParchmentScope } from "../preset.js";

type Schemas = components["schemas"];

/** The partner credentials the mock expects unless told otherwise (fake values, safe to print). */
export interface ParchmentMockCredentials {
  /** Expected in `x-partner-id` on the token request. Default `"ptn_mock_caduceus"`. */
  partnerId: string;
  /**
   * Expected in `x-partner-secret` on the token request; a mismatch answers 401 "Invalid partner credentials
   * provided.".
   */
  partnerSecret: string;
  /**
   * Expected in `x-organization-id` on the token request; tokens are bound to it, so an API path naming
   * another organisation answers 403. Default a fixed fake uuid.
   */
  organizationId: string;
  /**
   * Expected in `x-organization-secret` on the token request and on every API call, as Parchment
   * requires both; missing on an API call answers 401 "Missing x-organization-secret".
   */
  organizationSecret: string;
  /**
   * The prescriber the client acts as (`x-user-id`). Default `"usr_mock_prescriber"`; the token endpoint
   * also accepts `usr_mock_receptionist` and `options.userIds`, and answers 401 to any other user.
   */
  userId: string;
  /**
   * Scopes the client should request. Default every documented scope ({@link PARCHMENT_SCOPES}); the
   * mock grants the requested scopes that `allowedScopes` permits.
   */
  scope: ParchmentScope[];
}

/** Default credentials: `createParchmentClient({ ...mock.credentials })` works against the mock. */
export const defaultCredentials: ParchmentMockCredentials = {
  partnerId: "ptn_mock_caduceus",
  partnerSecret: "mock-partner-secret-5f0c93a1",
  organizationId: "0b7d8c3e-4f21-4a57-9c1e-2d5f6a7b8c90",
  organizationSecret: "mock-org-secret-c41e7d22",
  userId: "usr_mock_prescriber",
  scope: [...PARCHMENT_SCOPES],
};

/** Ids of the example records every mock starts with. */
export const exampleIds = {
  /** A second user of the organisation (receptionist), for multi-user tests. */
  secondUserId: "usr_mock_receptionist",
  /** A patient with two prescriptions. */
  patientId: "pat_mock_jsmith",
  /** The partner's own id for that patient (`partner_patient_id`), as the partner system stored it. */
  partnerPatientId: "PARTNER#12345",
  /** One of that patient's prescriptions (electronic, active). */
  scid: "2F3WFX8J4WQH8T72X9",
  /** A custom drug of the default user. */
  drugId: "cd_mock_0001",
} as const;

export function exampleUsers(userId: string): Schemas["UserDetails"][] {
  return [
    {
      user_id: userId,
      external_user_id: "PARTNER#USER_12345",
      email: "darlene.cameron@example.com",
      full_name: "Dr Darlene Cameron",
      access_roles: ["admin", "provider"],
      title: "Dr",
      provider_details: {
        title: "Dr",
        given_name: "Darlene",
        family_name: "Cameron",
        date_of_birth: "1969-10-02",
        sex: "F",
        phone: "0412345678",
        hpii_number: "8003614900029560",
        prescriber_type: "M",
        prescriber_number: "1234567",
        qualifications: "MBBS, FRACGP",
      },
    },
    {
      user_id: exampleIds.secondUserId,
      external_user_id: "PARTNER#USER_67890",
      email: "sam.lee@example.com",
      full_name: "Sam Lee",
      access_roles: ["receptionist"],
      provider_details: null,
    },
  ];
}

export const examplePatient: Schemas["Patient"] = {
  given_name: "John",
  family_name: "Smith",
  date_of_birth: "1990-01-15T00:00:00.000Z",
  sex: "M",
  patient_id: exampleIds.patientId,
  partner_patient_id: exampleIds.partnerPatientId,
};

export function examplePrescriptions(userId: string): Schemas["Prescription"][] {
  const prescriber = { title: "Dr", given_name: "Darlene", family_name: "Cameron", user_id: userId };
  return [
    {
      prescription_type: "ELECTRONIC",
      url: `https://egw-etp-int-qrcode-web-au-se.azurewebsites.net/scripts/${exampleIds.scid}`,
      scid: exampleIds.scid,
      status: "Active",
      created_date: "2025-06-30T00:11:22",
      item_name: "Amoxicillin 500 mg capsule, 20",
      quantity: "20",
      number_of_repeats_authorised: "0",
      pbs_code: "1889K",
      route_administration: "Oral",
      schedule_number: "S4",
      private_prescription: false,
      patient_instructions: "One capsule three times a day",
      prescriber,
      delivery: { method: "SMS", recipient_type: "PATIENT", destination: "+61400000000" },
    },
    {
      prescription_type: "ELECTRONIC",
      url: "https://egw-etp-int-qrcode-web-au-se.azurewebsites.net/scripts/2F3WFX8B8K66686MVA",
      scid: "2F3WFX8B8K66686MVA",
      status: "Ceased",
      created_date: "2025-04-17T05:09:02",
      item_name: "Atorvastatin 40 mg tablet, 30",
      quantity: "30",
      number_of_repeats_authorised: "5",
      pbs_code: "8215K",
      route_administration: "Oral",
      schedule_number: "S4",
      private_prescription: false,
      prescriber,
      delivery: {
        method: "EMAIL",
        recipient_type: "PHARMACY",
        destination: "scripts@bayside-pharmacy.com.au",
        pharmacy: { pharmacy_id: "f47ac10b-58cc-4372-a567-0e02b2c3d479", name: "Bayside Pharmacy" },
      },
    },
  ];
}

export const exampleCustomDrug: Schemas["ExternalCustomDrug"] = {
  custom_drug_id: exampleIds.drugId,
  item_generic_name: "Compounded hydrocortisone cream",
  item_strength: "1%",
  item_form: "cream",
  route_of_administration: "Topical",
  quantity: "30",
  max_repeats: "2",
  poison_class: "S3",
  patient_instructions: "Apply thinly twice a day",
};
