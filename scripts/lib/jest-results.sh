# Sourced by the test scripts. Prints "<passed> <failed>" from a Jest JSON
# report (--json --outputFile); a suite that crashed before running any test
# counts as one failure.
jest_counts() {
  node -e '
    const r = require(process.argv[1]);
    const broken = r.testResults.filter(s => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + broken);
  ' "$1"
}
