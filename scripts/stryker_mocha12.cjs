// StrykerJS's mocha runner (10.1.1) requires Mocha's CLI internals by extensionless paths
// (mocha/lib/cli/run-helpers, options, collect-files); Mocha 12 renamed them *.cjs, so the plugin
// fails to load ("Cannot find TestRunner plugin mocha"; stryker-js pull request 6205, open).
// Preloaded into Stryker's processes by scripts/mutation.sh: such a path that does not resolve
// resolves to its .cjs file. Nothing else is changed.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, before any loader
const Module = require("module");
const resolveFilename = Module._resolveFilename;
const MOCHA_CLI_INTERNAL = /[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (error) {
    if (MOCHA_CLI_INTERNAL.test(request)) return resolveFilename.call(this, `${request}.cjs`, ...rest);
    throw error;
  }
};
