import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * An esbuild plugin: zod's error messages in 40 languages are not bundled, only `en`, the one zod
 * configures (nothing here calls `z.config(z.locales.xx())`). Used by the package's build
 * (scripts/build-esm.ts) and by the tests' CLI bundle (test/support/cli-bundle.ts).
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
