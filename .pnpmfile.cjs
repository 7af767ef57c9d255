// pnpm hooks. beforePacking shapes the manifest of a package as it is packed or published (the
// package.json on disk is untouched): the SDK's published manifest keeps what an installer reads and
// drops the workspace's development fields, which name private packages (@frontdesk/api for the
// router's types, the test helpers) that an integrator never installs, and widens the exact versions
// the workspace's catalog pins (one tRPC for the whole monorepo) to caret ranges, so an integrator's
// own @trpc/* 11.x or zod 4.x is shared rather than installed twice.
module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.name === "@frontdesk/client") {
        delete pkg.devDependencies;
        delete pkg.scripts;
        for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
          if (/^\d+\.\d+\.\d+$/.test(range)) pkg.dependencies[name] = `^${range}`;
        }
      }
      return pkg;
    },
  },
};
