import { describe } from "vitest";
import { matrixSuite } from "../harness/matrix-suite.js";

describe("fault matrix: carecentric", () => matrixSuite("carecentric"));
