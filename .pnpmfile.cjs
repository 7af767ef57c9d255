// pnpm hooks. beforePacking shapes the manifest of a package as it is packed or published (the
// package.json on disk is untouched): the SDK's published manifest keeps what an installer reads and
// drops the workspace's development fields, which name private packages (@frontdesk/api for the
// router's types, the test helpers) that an integrator never installs.
module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.name === "@frontdesk/client") {
        delete pkg.devDependencies;
        delete pkg.scripts;
      }
      return pkg;
    },
  },
};
