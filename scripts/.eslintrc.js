// Not a package, but checked like one: these scripts run in Node (CLI role).
module.exports =
  require('@backstage/cli/config/eslint-factory').createConfigForRole(
    __dirname,
    'cli',
  );
