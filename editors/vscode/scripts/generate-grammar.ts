/** Writes syntaxes/steward.tmLanguage.json from the language's tables (`pnpm generate:grammar`). */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { stewardGrammar } from "./grammar.js";

writeFileSync(resolve(import.meta.dirname, "../syntaxes/steward.tmLanguage.json"), `${JSON.stringify(stewardGrammar(), null, 2)}\n`);
