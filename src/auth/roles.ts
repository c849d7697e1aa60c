/**
 * The roles (岗位) of the platform and their names, defined once for the server (policy, accounts,
 * workflow declarations) and the console (navigation, account forms, i18n). Pure data: the console
 * imports this file too.
 */

export const ROLE_CODES = ['inspector', 'operator', 'shift_lead', 'dispatcher', 'handler', 'leader', 'evaluator', 'admin', 'enforcer', 'legal_reviewer', 'citizen'] as const;
export type Role = (typeof ROLE_CODES)[number];

export interface RoleInfo {
  code: Role;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  /** A handler acts for a unit: the account must name its unit, and acts only on what is assigned to it. */
  needsUnit: boolean;
  /** A channel's actor, not a post: no account holds it (公众: reports through Open311 and the citizen app). */
  channelOnly?: boolean;
}

/** Role names as data, Chinese first, for the console and the API. */
export const ROLES: readonly RoleInfo[] = [
  { code: 'inspector', name: '监督员', nameEn: 'Inspector', description: '巡查上报、信息核实、案件核查、自行处置', descriptionEn: 'Patrols, reports, on-site checks and verification, fixes small problems on the spot', needsUnit: false },
  { code: 'operator', name: '受理员', nameEn: 'Operator', description: '受理登记、发核实、发核查、不予受理、合并', descriptionEn: 'Accepts reports, sends on-site checks and verification tasks, rejects and merges', needsUnit: false },
  { code: 'shift_lead', name: '值班长', nameEn: 'Shift lead', description: '立案、作废审批、自处理审核、结案', descriptionEn: 'Files cases, approves voids, reviews self-handled cases, closes cases', needsUnit: false },
  { code: 'dispatcher', name: '派遣员', nameEn: 'Dispatcher', description: '派遣、回退/延期/挂账审批、催办', descriptionEn: 'Dispatches cases, decides returns, extensions and suspensions, urges', needsUnit: false },
  { code: 'handler', name: '处置人员', nameEn: 'Handler', description: '责任单位处置并反馈、申请回退/延期/挂账、回复督办', descriptionEn: 'Handles cases for a responsible unit, asks for return, extension or suspension', needsUnit: true },
  { code: 'leader', name: '领导', nameEn: 'Leader', description: '督办、催办、查看评价', descriptionEn: 'Supervises and urges cases, reads the evaluation', needsUnit: false },
  { code: 'evaluator', name: '考评员', nameEn: 'Evaluator', description: '考评抽查、查看与配置评价', descriptionEn: 'Runs assessments, reads and configures the evaluation', needsUnit: false },
  { code: 'admin', name: '系统管理员', nameEn: 'Administrator', description: '账户、网格、分类、事项清单、日历', descriptionEn: 'Accounts, grids, classes, responsibility list and calendar', needsUnit: false },
  { code: 'enforcer', name: '执法队员', nameEn: 'Enforcement officer', description: '线索登记、当场处罚、调查取证、告知、送达、执行（须持行政执法证）', descriptionEn: 'Clues, summary penalties, investigation, notices, service and collection (holds an enforcement certificate)', needsUnit: false },
  { code: 'legal_reviewer', name: '法制审核员', nameEn: 'Legal reviewer', description: '重大执法决定法制审核、案卷评查', descriptionEn: 'Legal review of major enforcement decisions, case-file quality review', needsUnit: false },
  { code: 'citizen', name: '公众', nameEn: 'Citizen', description: '通过 Open311 应用和随手拍上报（无账户）', descriptionEn: 'Reports through Open311 apps and the citizen app (no account)', needsUnit: false, channelOnly: true },
];

