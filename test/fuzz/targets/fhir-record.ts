/**
 * Fuzz target: real FHIR records (the Synthea bundles and UK Core examples of the shared
 * conformance corpus) with one value replaced as in json-context, read with `fromFhir` and, when it
 * accepts them, evaluated. A wrong accept is an internal error or a Decision the schema refuses.
 * Without the corpus beside the checkout there is nothing to mutate: the target says so and tries a
 * minimal Patient resource only.
 */
import { evaluate } from "@steward/core";
import { fromFhir } from "@steward/fhir";
import { conformanceRoot, corpusFiles, corpusJson } from "../../support/conformance.js";
import { bundledEvaluator, judge, mutatedText, mutations, NOW, type FuzzTarget, type Mutation } from "../host-data.js";

/** The records mutated: the corpus, or one minimal Patient when it is absent. */
export const fhirRecords: readonly unknown[] = conformanceRoot === undefined ? [{ resourceType: "Patient", id: "p", gender: "female", birthDate: "1990-01-01" }] : [...corpusFiles("synthea"), ...corpusFiles("uk-core/examples-json")].map(corpusJson);

if (conformanceRoot === undefined) console.warn("fhir-record: SKIPPED the corpus (../shared/conformance is not beside this checkout); mutating a minimal Patient only");

const target: FuzzTarget = {
  name: "fhir-record",
  arbitrary: mutations(fhirRecords.length),
  run: (input) => {
    const m = input as Mutation;
    const reading = fromFhir(JSON.parse(mutatedText(fhirRecords[m.record], m)) as unknown, { now: NOW, setting: "primary-care" });
    if (reading._tag === "Left") {
      // fromFhir's guard reports a reader that threw as "could not be read … a bug in Steward"
      const internal = reading.left.find((d) => d.hint?.includes("bug in Steward") === true);
      return internal === undefined ? { outcome: "rejected" } : { outcome: "rejected", wrongAccept: `fromFhir failed inside: ${internal.message}` };
    }
    return judge(evaluate(bundledEvaluator(), reading.right.context, { now: NOW }), "evaluate after fromFhir");
  },
};

export default target;
