/**
 * Chinese word segmentation with @node-rs/jieba (a native binding, loaded once per process) and its
 * default dictionary, plus the words of the city's problems that the dictionary splits (井盖 is in
 * it; 箅子, 僵尸车, 共享单车 … are added so they stay one feature).
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { featuresOf } from './model.js';

// Loaded with the first segmentation, not at start: importing '@node-rs/jieba/dict.js' reads its
// 11 MB of dictionary files, and a platform that never classifies needs neither them nor the binding.
const requireHere = createRequire(import.meta.url);

const CITY_WORDS = [
  '窨井盖', '雨水箅子', '箅子', '篦子', '僵尸车', '共享单车', '电单车', '小广告', '牛皮癣', '渣土车', '泥头车', '建筑垃圾',
  '油烟', '露天烧烤', '外机', '空调外机', '盲道', '路名牌', '候车亭', '红绿灯', '隔离栏', '违建', '私搭乱建', '飞线',
  '化粪池', '积水', '塌陷', '扬尘', '夜间施工', '占道', '流动摊贩', '游商', '店外经营', '晾晒', '满溢',
];

let jieba: Jieba | null = null;

function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = requireHere('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = requireHere('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
    for (const w of CITY_WORDS) jieba.loadDict(Buffer.from(`${w} 2000 n\n`));
  }
  return jieba;
}

/** The words of a text, as jieba cuts it (HMM on for words the dictionary lacks). */
export function segment(text: string): string[] {
  return segmenter().cut(text, true);
}

/** Segment and take the classifier's features (model.ts). */
export function textFeatures(text: string): string[] {
  return featuresOf(segment(text), text);
}
