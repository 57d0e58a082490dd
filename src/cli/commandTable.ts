/**
 * Which module runs each command. A module is loaded with `import()` only when its command runs. The build (esbuild.mjs)
 * replaces this table in each command's own bundle with that command's line alone, so `client-creds --version` or
 * `decode` never reads undici or jose, and the compile cache of a command holds only the code it runs (cold start is
 * benchmarked).
 *
 * Adding a command: its spec in specs.ts (listed in COMMANDS, declared `as const satisfies CommandSpec`), its module
 * in commands/ exporting `run(ctx: CommandContext)` (the file name in camelCase is the command name in kebab-case:
 * the build names the bundle after it), and one line here. The `satisfies` refuses to compile while a
 * command of COMMANDS has no line here, or a line names no command.
 */
import type { CommandLoader, CommandName } from './context';

/** Command name → its module, loaded on demand. */
export const COMMAND_MODULES = {
  'client-assertion': () => import('./commands/clientAssertion'),
  'sign-jwt': () => import('./commands/signJwt'),
  keygen: () => import('./commands/keygen'),
  decode: () => import('./commands/decode'),
  verify: () => import('./commands/verify'),
  'dpop-proof': () => import('./commands/dpopProof'),
  jwks: () => import('./commands/jwks'),
} satisfies Record<CommandName, CommandLoader>;
