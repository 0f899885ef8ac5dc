/**
 * Scenario tests, coverage, analysis, diff, and clinical invariants for property tests.
 *
 * @module @steward/testing
 */
export { coverage, tally, type CoverageItem, type GuidelineCoverage } from "./coverage.js";
export { domainOf, conditionsOf, type GuidelineDomain, type Threshold } from "./domains.js";
export {
  addingAnAllergyNeverAddsThatClass,
  doesNotMutateItsInput,
  everyRecommendationHasADurationOrReview,
  invariant,
  isDeterministic,
  neverRecommendsAnAllergen,
  respectsRenalThreshold,
  standardInvariants,
  worseningRenalFunctionNeverAddsADrug,
  type Invariant,
  type InvariantRun,
} from "./invariants.js";
export { assertInvariants, findCounterexample, type Counterexample, type PropertyOptions } from "./property.js";
export { runScenario, runSuite, traceNodes, type Failure, type ScenarioResult, type SuiteResult } from "./run-scenarios.js";
export { compileSuites, renderCoverage, renderFailure, runSuites } from "./suites.js";
export { givenLines, toScenario } from "./to-scenario.js";
export { defineScenarioTests, type TestRunner } from "./vitest.js";
export { analyze, renderAnalysis, type Analysis, type AnalysisFinding, type AnalyzeOptions } from "./analyze.js";
export { decisionLines, diffGuidelines, renderDiff, type CodeListChange, type DecisionChange, type GuidelineDiff } from "./diff.js";
export { contradictionsIn, findContradictions, renderContradictions, type Contradiction, type ContradictionFinding, type Contradictions } from "./contradictions.js";
