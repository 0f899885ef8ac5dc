/**
 * Imported for its effect, before any schema is built: zod generates a fast parser with
 * `new Function` unless told not to, which a page with a Content-Security-Policy forbids (the
 * browser reports the attempt even when zod recovers). Steward parses with zod's interpreter only.
 * The setting is zod's global one, so a host sharing the same zod copy parses without it too.
 */
import { config } from "zod/mini";

config({ jitless: true });
