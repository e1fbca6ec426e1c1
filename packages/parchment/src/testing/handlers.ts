import { HttpResponse } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import type { components, paths } from "../generated/openapi.js";
import { authorize, fail, type MockState, nextId, ok } from "./state.js";

type Schemas = components["schemas"];

/**
 * Typed handlers for Parchment's API operations, backed by the mock's in-memory records. Every one
 * checks `x-organization-secret`, the token, the organisation and the operation's scope first.
 */
export function apiHandlers(state: MockState, baseUrl: string) {
  const http = createOpenApiHttp<paths>({ baseUrl });
  const orgs = "/v1/organizations/{organization_id}";
  const notFound = (what: string) => fail(state, 404, "not-found", "Not found", `${what} not found`);

  return [
    http.get(`${orgs}/validate`, ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, undefined);
      if (grant instanceof Response) return response.untyped(grant);
      return response(200).json(ok(state, 200, "Successfully validated token", { validated: true }));
    }),

    http.post(`${orgs}/users/{user_id}/patients`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "create:patient");
      if (grant instanceof Response) return response.untyped(grant);
      const patient = await request.json();
      const missing = (["given_name", "family_name", "date_of_birth", "sex", "partner_patient_id"] as const)
        .filter((field) => !patient[field])
        .map((field) => ({ field, message: `${field} is required`, code: "VALIDATION_ERROR" }));
      if (missing.length > 0)
        return response.untyped(
          fail(
            state,
            422,
            "validation-error",
            "Validation failed",
            "There were some problems with your input.",
            missing,
          ),
        );
      for (const existing of state.patients.values()) {
        if (existing.partner_patient_id === patient.partner_patient_id)
          return response.untyped(
            fail(
              state,
              409,
              "partner-patient-id-conflict",
              "Partner patient ID conflict",
              `Partner patient ID '${patient.partner_patient_id}' is already in use by another patient. Please use a unique identifier.`,
            ),
          );
      }
      const id = nextId(state, "pat");
      const { given_name, family_name, date_of_birth, sex, partner_patient_id } = patient;
      state.patients.set(id, {
        patient_id: id,
        given_name,
        family_name,
        date_of_birth,
        sex,
        partner_patient_id,
      });
      state.prescriptions.set(id, []);
      return response(201).json(
        ok(state, 201, "Patient created successfully", {
          external_patient_id: partner_patient_id,
          parchment_patient_id: id,
          url: `https://app.parchment.health/dashboard/patients/${id}`,
        }),
      );
    }),

    http.put(`${orgs}/users/{user_id}/patients/{patient_id}`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "update:patient");
      if (grant instanceof Response) return response.untyped(grant);
      const patient = state.patients.get(params.patient_id);
      if (!patient) return response.untyped(notFound("Patient"));
      const changes = await request.json();
      for (const field of ["given_name", "family_name", "date_of_birth", "sex"] as const) {
        if (changes[field] !== undefined) patient[field] = changes[field];
      }
      return response(200).json(
        ok(state, 200, "Patient updated successfully", { ...changes, patient_id: params.patient_id }),
      );
    }),

    http.get(
      `${orgs}/users/{user_id}/patients/{patient_id}/prescriptions`,
      ({ request, params, response }) => {
        const grant = authorize(state, request, params.organization_id, "read:patient_prescription");
        if (grant instanceof Response) return response.untyped(grant);
        const patient = state.patients.get(params.patient_id);
        const prescriptions = state.prescriptions.get(params.patient_id);
        if (!patient || !prescriptions) return response.untyped(notFound("Patient"));
        const [first] = prescriptions;
        const prescriber = first?.prescriber ?? { given_name: "", family_name: "", user_id: params.user_id };
        return response(200).json({
          ...ok(state, 200, "Prescriptions retrieved successfully", { patient, prescriber, prescriptions }),
          pagination: { count: prescriptions.length, hasNext: false, limit: 50, offset: 0, lastKey: null },
        });
      },
    ),

    http.get(
      `${orgs}/users/{user_id}/patients/{patient_id}/prescriptions/{scid}`,
      ({ request, params, response }) => {
        const grant = authorize(state, request, params.organization_id, "read:patient_prescription");
        if (grant instanceof Response) return response.untyped(grant);
        const patient = state.patients.get(params.patient_id);
        const prescription = state.prescriptions.get(params.patient_id)?.find((p) => p.scid === params.scid);
        if (!patient || !prescription) return response.untyped(notFound("Prescription"));
        return response(200).json(
          ok(state, 200, "Prescriptions retrieved successfully", { patient, prescription }),
        );
      },
    ),

    http.get(`${orgs}/users`, ({ request, params, query, response }) => {
      const grant = authorize(state, request, params.organization_id, "read:users");
      if (grant instanceof Response) return response.untyped(grant);
      const limit = Math.min(Math.max(Number(query.get("limit") ?? 20) || 20, 1), 100);
      const all = [...state.users.values()];
      const start = Math.max(0, all.findIndex((user) => user.user_id === query.get("lastKey")) + 1);
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      const users: Schemas["UserSummary"][] = page.map(
        ({ user_id, external_user_id, email, full_name, access_roles }) => ({
          user_id,
          ...(external_user_id ? { external_user_id } : {}),
          ...(email ? { email } : {}),
          ...(full_name ? { full_name } : {}),
          ...(access_roles ? { access_roles } : {}),
        }),
      );
      return response(200).json(
        ok(state, 200, "Users retrieved successfully", {
          users,
          pagination: { total: all.length, limit, lastKey: more ? (page.at(-1)?.user_id ?? null) : null },
        }),
      );
    }),

    http.post(`${orgs}/users`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "create:user");
      if (grant instanceof Response) return response.untyped(grant);
      const user = await request.json();
      const id = nextId(state, "usr");
      state.users.set(id, {
        user_id: id,
        external_user_id: user.partner_user_id,
        email: user.email,
        full_name: `${user.title ? `${user.title} ` : ""}${user.given_name} ${user.family_name}`,
        access_roles: user.access_roles ?? [],
      });
      state.userIds.add(id);
      return response(201).json(
        ok(state, 201, "User created successfully", {
          external_user_id: user.partner_user_id,
          parchment_user_id: id,
          url: `https://app.parchment.health/dashboard/users/${id}`,
        }),
      );
    }),

    http.get(`${orgs}/users/{user_id}`, ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "read:user");
      if (grant instanceof Response) return response.untyped(grant);
      const user = state.users.get(params.user_id);
      if (!user) return response.untyped(notFound("User"));
      return response(200).json(ok(state, 200, "User retrieved successfully", user));
    }),

    http.put(`${orgs}/users/{user_id}`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "update:user");
      if (grant instanceof Response) return response.untyped(grant);
      const user = state.users.get(params.user_id);
      if (!user) return response.untyped(notFound("User"));
      const changes = await request.json();
      if (changes.full_name) user.full_name = changes.full_name;
      if (changes.provider_details)
        user.provider_details = { ...(user.provider_details ?? {}), ...changes.provider_details };
      return response(200).json(ok(state, 200, "User updated successfully", { user_id: user.user_id }));
    }),

    http.put(`${orgs}/users/{user_id}/roles`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "update:user");
      if (grant instanceof Response) return response.untyped(grant);
      const user = state.users.get(params.user_id);
      if (!user) return response.untyped(notFound("User"));
      user.access_roles = [...(await request.json()).access_roles];
      return response(200).json(
        ok(state, 200, "User roles updated successfully", {
          user_id: user.user_id,
          access_roles: user.access_roles,
        }),
      );
    }),

    http.get(`${orgs}/users/{user_id}/custom-drugs`, ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "read:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      const drugs = [...state.drugs.values()].filter((d) => d.owner === params.user_id).map((d) => d.drug);
      return response(200).json(ok(state, 200, "Custom drugs retrieved successfully", drugs));
    }),

    http.post(`${orgs}/users/{user_id}/custom-drugs`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "create:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      const drug = { ...(await request.json()), custom_drug_id: nextId(state, "cd") };
      state.drugs.set(drug.custom_drug_id, { owner: params.user_id, drug });
      return response(201).json(ok(state, 201, "Custom drug created successfully", drug));
    }),

    http.put(`${orgs}/users/{user_id}/custom-drugs/{drug_id}`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "update:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      const entry = state.drugs.get(params.drug_id);
      if (!entry) return response.untyped(notFound("Custom drug"));
      Object.assign(entry.drug, await request.json());
      return response(200).json(ok(state, 200, "Custom drug updated successfully", entry.drug));
    }),

    http.delete(`${orgs}/users/{user_id}/custom-drugs/{drug_id}`, ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "delete:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      state.drugs.delete(params.drug_id);
      return response(200).json(ok(state, 200, "Custom drug deleted successfully", { deleted: true }));
    }),

    http.get(`${orgs}/custom-drugs`, ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "read:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      const drugs = [...state.drugs.values()].filter((d) => d.owner === null).map((d) => d.drug);
      return response(200).json(ok(state, 200, "Custom drugs retrieved successfully", drugs));
    }),

    http.post(`${orgs}/custom-drugs`, async ({ request, params, response }) => {
      const grant = authorize(state, request, params.organization_id, "create:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      const drugs = await request.json();
      for (const input of drugs) {
        const drug = { ...input, custom_drug_id: nextId(state, "cd") };
        state.drugs.set(drug.custom_drug_id, { owner: null, drug });
      }
      return response(200).json(
        ok(state, 200, "Custom drugs created", {
          total: drugs.length,
          successCount: drugs.length,
          failureCount: 0,
          failures: [],
        }),
      );
    }),

    http.delete(`${orgs}/custom-drugs`, ({ request, params, query, response }) => {
      const grant = authorize(state, request, params.organization_id, "delete:custom_drug");
      if (grant instanceof Response) return response.untyped(grant);
      if (query.get("confirm") !== "true")
        return response.untyped(
          fail(state, 400, "invalid-request", "Bad request", "Pass confirm=true to delete all custom drugs"),
        );
      let deleted = 0;
      for (const [id, entry] of state.drugs) {
        if (entry.owner === null) {
          state.drugs.delete(id);
          deleted++;
        }
      }
      return response(200).json(ok(state, 200, "Custom drugs deleted", { deleted }));
    }),

    // Anything else under the base URL: Parchment's 404 envelope, so a wrong path fails loudly.
    http.untyped.all(`${baseUrl}/*`, () =>
      HttpResponse.json(
        {
          success: false,
          statusCode: 404,
          error: {
            type: "https://parchment.health/errors/not-found",
            title: "Not found",
            detail: "No such route",
          },
          ...state.stamp(),
        },
        { status: 404 },
      ),
    ),
  ];
}
