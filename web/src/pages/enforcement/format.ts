/** Money in yuan for the enforcement pages (the API speaks fen). Pure. */
export function yuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${(fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;
}
