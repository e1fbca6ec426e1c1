import type { components } from "../generated/openapi.js";

type Doctor = components["schemas"]["Doctor"];

/** One clinic the mock knows: its API key, its token URL and its doctors. */
export interface ArzamedMockClinic {
  /** Short name; the mock's tokens carry it, and `apiRequests` report it. */
  name: string;
  /** Client id of the clinic's API key, checked from HTTP Basic. Default `"{name}-api-client"`. */
  clientId: string;
  /**
   * Client secret of the clinic's API key, checked from HTTP Basic. Default a printable fake derived from
   * `name`.
   */
  clientSecret: string;
  /**
   * The clinic's own token endpoint (Arzamed issues one per clinic with the key). Default
   * {@link clinicTokenUrl}`(name)`. Clinics may share one URL; the key then tells them apart.
   */
  tokenUrl: string;
  /**
   * What `GET /equipe/doctors` answers for this clinic's tokens, in order. Default one doctor named
   * after the clinic, without a photo (`profileImage: null`).
   */
  doctors: Doctor[];
}

/** A clinic as given in options: only `name` is needed, the rest is derived from it. */
export type ArzamedMockClinicInput = Pick<ArzamedMockClinic, "name"> & Partial<ArzamedMockClinic>;

/** The clinic-like default token URL of a clinic named `name`. */
export function clinicTokenUrl(name: string): string {
  return `https://auth.arzamed.test/clinics/${encodeURIComponent(name)}/oauth/token`;
}

/** Doctors of the default clinic, as the Doctors page shows them (one without a photo). */
export const demoDoctors: Doctor[] = [
  { name: "Maria Rossi", profileImage: "https://arzamed-public.s3.amazonaws.com/doctors/maria-rossi.jpg" },
  { name: "Luca Bianchi", profileImage: null },
  {
    name: "Giulia Esposito",
    profileImage: "https://arzamed-public.s3.amazonaws.com/doctors/giulia-esposito.jpg",
  },
];

/** Fills a clinic's missing parts from its name: fake, printable values. */
export function completeClinic(input: ArzamedMockClinicInput): ArzamedMockClinic {
  return {
    clientId: `${input.name}-api-client`,
    clientSecret: `mock-${input.name}-secret-4c2f9e`,
    tokenUrl: clinicTokenUrl(input.name),
    doctors: [{ name: `Dr ${input.name[0]?.toUpperCase()}${input.name.slice(1)}`, profileImage: null }],
    ...input,
  };
}

/** The default clinic, "demo". */
export const demoClinic: ArzamedMockClinic = completeClinic({
  name: "demo",
  clientId: "demo-clinic-api-client",
  clientSecret: "mock-arzamed-secret-7d1f0b",
  doctors: demoDoctors,
});
