/** A notification as users see it. Who hears what is src/auth/lanes.ts. Pure. */
export interface Notification {
  caseId: string;
  caseCode: string;
  seq: number;
  type: string;
  title: string;
  categoryName: string;
  at: number;
  read: boolean;
}

/** The title users read: "派遣：350203… 暴露垃圾". */
export function titleOf(label: string, code: string, categoryName: string): string {
  return `${label}：${code} ${categoryName}`;
}
