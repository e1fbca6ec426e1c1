import { describe } from "vitest";
import { matrixSuite } from "../harness/matrix-suite.js";

describe("fault matrix: smart-fhir", () => matrixSuite("smart-fhir"));
