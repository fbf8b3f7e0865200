// The oldest Node we support; corepack and the toolchain need at least this.
const MIN = [20, 19];

export function checkNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < MIN[0] || (major === MIN[0] && minor < MIN[1])) {
    console.error(`Node.js ${MIN.join('.')} or newer is needed; this is ${process.versions.node}.`);
    process.exit(1);
  }
}
