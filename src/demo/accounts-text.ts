/** Printed at start in demo mode; the accounts themselves are in src/demo/accounts.ts. */
export const DEMO_ACCOUNTS_TEXT = [
  '  Demo accounts 演示账号 (password 密码: demo1234):',
  '    inspector 监督员 · operator 受理员 · shiftlead 值班长 · dispatcher 派遣员',
  '    handler 处置人员 (思明区市政园林局) · leader 领导 · evaluator 考评员 · admin 系统管理员',
  '    centre 受理员兼值班长 · siming.dispatcher / huli.dispatcher 区派遣员 · huli.handler · water.handler',
].join('\n');
