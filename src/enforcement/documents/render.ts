/**
 * A legal document (法律文书) as PDF with the Chinese font embedded (Noto Sans SC from
 * @expo-google-fonts/noto-sans-sc, subset by pdfkit): the authority, the title, the 文号, the body as
 * labelled fields and paragraphs, the signature block with the date and the seal. The output is a
 * pure function of the spec (the creation date is the document's own date), so the same document
 * renders to the same bytes and the same SHA-256.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

const requireHere = createRequire(import.meta.url);
/** pdfkit (with fontkit) takes a while to load: loaded with the first document, not at start. */
let pdfkit: typeof PDFDocument | null = null;
const loadPdfkit = async (): Promise<typeof PDFDocument> => (pdfkit ??= (await import('pdfkit')).default);
const REGULAR = requireHere.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const BOLD = requireHere.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
/** The font files, read once (10 MB each). */
let fonts: { regular: Buffer; bold: Buffer } | null = null;
const fontBytes = () => (fonts ??= { regular: fs.readFileSync(REGULAR), bold: fs.readFileSync(BOLD) });

/**
 * The fonts as pdfkit's font engine (fontkit) parsed them, kept across documents. Handed bytes,
 * pdfkit parses the font again for every document (and its glyph and cmap caches start empty);
 * handed the parsed font (pdfkit accepts any object with `layout`), it only subsets it. Each
 * document still embeds its own subset, so the bytes are the same either way (bench enforcement).
 */
type Parsed = { layout: (...args: unknown[]) => unknown };
let parsed: { regular: Parsed; bold: Parsed } | null = null;
function parsedFonts(PDF: typeof PDFDocument): { regular: Parsed; bold: Parsed } {
  if (!parsed) {
    const probe = new PDF({ autoFirstPage: false });
    const f = fontBytes();
    const of = (bytes: Buffer): Parsed => (probe.font(bytes) as unknown as { _font: { font: Parsed } })._font.font;
    parsed = { regular: of(f.regular), bold: of(f.bold) };
  }
  return parsed;
}

export type Block =
  | { kind: 'fields'; rows: Array<[label: string, value: string]> }
  | { kind: 'para'; text: string; heading?: string }
  | { kind: 'sign'; lines: string[] };

export interface DocSpec {
  authority: string;
  title: string;
  docNo: string;
  version: number;
  blocks: Block[];
  /** The document's date (epoch ms): printed, and the PDF's creation date. */
  at: number;
  /** Printed at the foot of each page (e.g. 本文书一式两份). */
  foot?: string;
}

export async function renderPdf(spec: DocSpec): Promise<Buffer> {
  const PDF = await loadPdfkit();
  return render(PDF, spec, parsedFonts(PDF) as unknown as { regular: Buffer; bold: Buffer });
}

/** The same document with the font parsed anew (what pdfkit does with font bytes): the benchmark's baseline. */
export async function renderPdfUncached(spec: DocSpec): Promise<Buffer> {
  return render(await loadPdfkit(), spec, fontBytes());
}

function render(PDF: typeof PDFDocument, spec: DocSpec, f: { regular: Buffer; bold: Buffer }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDF({
      size: 'A4', margins: { top: 64, bottom: 64, left: 72, right: 72 }, bufferPages: true,
      info: { Title: `${spec.title} ${spec.docNo}`, Author: spec.authority, Creator: 'CityLoop', Producer: 'CityLoop', CreationDate: new Date(spec.at), ModDate: new Date(spec.at) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('zh', f.regular);
    doc.registerFont('zh-bold', f.bold);
    const width = doc.page.width - 144;

    doc.font('zh-bold').fontSize(16).text(spec.authority, { align: 'center' });
    doc.moveDown(0.3);
    doc.font('zh-bold').fontSize(22).text(spec.title, { align: 'center', characterSpacing: 2 });
    doc.moveDown(0.3);
    doc.font('zh').fontSize(11).text(spec.docNo + (spec.version > 1 ? `（第${spec.version}版）` : ''), { align: 'right' });
    doc.moveTo(72, doc.y + 4).lineTo(72 + width, doc.y + 4).lineWidth(1).strokeColor('#b00000').stroke();
    doc.moveDown(1);

    for (const b of spec.blocks) {
      if (b.kind === 'fields') {
        for (const [label, value] of b.rows) {
          const y = doc.y;
          doc.font('zh-bold').fontSize(11).fillColor('#000').text(`${label}：`, 72, y, { width: 120 });
          const labelBottom = doc.y;
          doc.font('zh').fontSize(11).text(value || '—', 192, y, { width: width - 120 });
          doc.y = Math.max(doc.y, labelBottom) + 4;
          doc.x = 72;
        }
        doc.moveDown(0.5);
      } else if (b.kind === 'para') {
        if (b.heading) doc.font('zh-bold').fontSize(12).text(b.heading, 72, doc.y, { width });
        doc.font('zh').fontSize(11).text(b.text, 72, doc.y, { width, indent: 22, lineGap: 3, align: 'justify' });
        doc.moveDown(0.6);
      } else {
        doc.moveDown(1.5);
        const top = doc.y;
        for (const line of b.lines) doc.font('zh').fontSize(11).text(line, 72, doc.y, { width, align: 'right' });
        // The seal: a red ring with the authority's name and a star, over the signature block.
        const cx = 72 + width - 70;
        const cy = top + 18;
        doc.save().lineWidth(2).strokeColor('#c00000').circle(cx, cy, 42).stroke();
        doc.fillColor('#c00000').font('zh').fontSize(6.5).text(spec.authority, cx - 34, cy - 24, { width: 68, align: 'center' });
        const star = Array.from({ length: 10 }, (_, i) => {
          const r = i % 2 === 0 ? 11 : 4.5;
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          return [cx + r * Math.cos(a), cy + 2 + r * Math.sin(a)] as [number, number];
        });
        doc.polygon(...star).fill('#c00000');
        doc.fontSize(7).text('行政执法专用章', cx - 30, cy + 16, { width: 60, align: 'center' });
        doc.restore();
        doc.fillColor('#000');
      }
    }
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font('zh').fontSize(9).fillColor('#555').text(`${spec.foot ? `${spec.foot}    ` : ''}第 ${i + 1} 页 / 共 ${range.count} 页`, 72, doc.page.height - 44, { width, align: 'center', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
  });
}
