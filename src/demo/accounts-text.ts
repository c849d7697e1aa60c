/** Printed at start in demo mode. Kept in one place with the seeded accounts' names. */
export const DEMO_ACCOUNTS_TEXT = [
  '  Demo accounts 演示账号 (password 密码: demo1234):',
  '    inspector 监督员 · operator 受理员 · shiftlead 值班长 · dispatcher 派遣员',
  '    handler 处置人员 · leader 领导 · evaluator 考评员 · admin 系统管理员',
].join('\n');
