// `node dist/index.js` (pnpm start) is `amiga-monitor serve`.
import { serve } from './cli/serve.js';
import { processIo } from './cli/io.js';

void serve(process.argv.slice(2), processIo());
