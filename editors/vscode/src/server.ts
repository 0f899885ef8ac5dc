/** The language server's entry in the extension bundle. */
import { startNodeServer } from "@steward/language-server/node";

startNodeServer();
