/**
 * The text classifier's pure part: the features of a text (its segmented content words, adjacent
 * word pairs, and the character pairs of its Chinese runs — those carry a word that segmentation
 * split or a caller mistyped) and the shapes the model works with. The model is logistic.ts.
 * No I/O: segmentation (jieba) is done by the caller (segment.ts).
 */

/** Words that carry no class: function words, pronouns, the hotline's own formulae. */
const STOP = new Set([
  '的', '了', '是', '我', '你', '他', '她', '它', '我们', '你们', '他们', '在', '就', '都', '也', '还', '又', '和', '与', '跟',
  '这', '那', '这里', '那里', '这边', '那边', '有', '个', '一个', '啊', '吧', '呢', '吗', '哦', '呀', '嘛', '呃', '喂',
  '请', '麻烦', '谢谢', '您好', '你好', '市民', '来电', '来电人', '反映', '反应', '称', '要求', '处理', '相关', '部门',
  '尽快', '核实', '一下', '已经', '好几', '很', '太', '把', '被', '给', '让', '说', '就是', '那个', '怎么', '什么', '到底',
]);

/** CJK unified ideographs (and extension A): the characters of a Chinese run. */
const isHan = (code: number): boolean => (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
const isLatin = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

function wordish(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (isHan(c) || isLatin(c)) return true;
  }
  return false;
}

/** The features of a text given its segmented words, each once. Runs on every classification: plain loops, no regular expressions. */
export function featuresOf(words: readonly string[], text: string): string[] {
  const out = new Set<string>();
  let prev = '';
  for (const w of words) {
    if (w.length === 0 || STOP.has(w) || !wordish(w)) continue;
    const t = w.toLowerCase();
    out.add(t);
    if (prev) out.add(`${prev}_${t}`);
    prev = t;
  }
  for (let i = 1; i < text.length; i++) {
    if (isHan(text.charCodeAt(i)) && isHan(text.charCodeAt(i - 1))) out.add(`#${text[i - 1]}${text[i]}`);
  }
  return [...out];
}

/** One training example: its features, its class, and how much it counts (a correction counts more). */
export interface TrainingExample {
  features: readonly string[];
  code: string;
  weight?: number;
}

export interface ScoredClass {
  code: string;
  /** 0…1, the classes' confidences summing to 1 over all classes. */
  confidence: number;
}
