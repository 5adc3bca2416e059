import type { EvidenceLine } from '../../db/queries/complaint.queries.ts';
import { localWallClock } from '../../shared/geo.ts';

export type PrintLang = 'kk' | 'ru';

/** Markup already built by `html`: inserted as is, never escaped twice. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Every value interpolated here is escaped (the texts come from phones and forms); only `Html`
 * built by this same tag passes through.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** `2026-12-20` → `20.12.2026`, as both languages write dates on official papers. */
export const formatDate = (date: string) => date.split('-').reverse().join('.');

/** An instant as the local (UTC+5) date and time. */
export function formatLocalTime(iso: string): string {
  const local = localWallClock(iso);
  return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

const LAW = {
  kk: '«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасының Конституциялық заңы',
  ru: 'Конституционный закон Республики Казахстан «О выборах в Республике Казахстан»',
};

/** The catalogue stores "Art. 41"; a paper cites the article of the election law in its own words. */
export function articleText(article: string, lang: PrintLang): string {
  const number = /^Art\.?\s*(.+)$/i.exec(article.trim())?.[1];
  if (!number) return `${article} — ${LAW[lang]}`;
  return lang === 'kk'
    ? `«Қазақстан Республикасындағы сайлау туралы» Қазақстан Республикасы Конституциялық заңының ${number}-бабы`
    : `ст. ${number} Конституционного закона Республики Казахстан «О выборах в Республике Казахстан»`;
}

function formatSize(bytes: number, lang: PrintLang): string {
  const decimal = (n: number) => n.toFixed(1).replace('.', ',');
  const unit = bytes >= 1024 * 1024 ? `${decimal(bytes / 1024 / 1024)} МБ` : `${decimal(bytes / 1024)} КБ`;
  return `${unit} (${bytes.toLocaleString(lang === 'kk' ? 'kk-KZ' : 'ru-RU')} байт)`;
}

const EVIDENCE_TEXT = {
  kk: {
    heading: 'Қосымшалар: фото және бейне материалдар',
    columns: ['№', 'Түрі', 'Көлемі', 'Түсірілген уақыты', 'SHA-256'],
    photo: 'фото',
    video: 'бейне',
    actPhoto: 'актінің фотосы',
    none: 'Фото және бейне материалдар жоқ.',
    note: 'SHA-256 бақылау сомасы файлдың жүктелгеннен кейін өзгермегенін растайды.',
    unknown: 'көрсетілмеген',
  },
  ru: {
    heading: 'Приложения: фото- и видеоматериалы',
    columns: ['№', 'Тип', 'Размер', 'Время съёмки', 'SHA-256'],
    photo: 'фото',
    video: 'видео',
    actPhoto: 'фото акта',
    none: 'Фото- и видеоматериалов нет.',
    note: 'Контрольная сумма SHA-256 подтверждает, что файл не изменялся после загрузки.',
    unknown: 'не указано',
  },
};

/** The list of files with their hashes: what goes with the act and the complaint as evidence. */
export function evidenceTable(
  lines: EvidenceLine[],
  lang: PrintLang,
  heading = (text: string) => html`<h2>${text}</h2>`,
): Html {
  const t = EVIDENCE_TEXT[lang];
  if (lines.length === 0)
    return html`${heading(t.heading)}
      <p>${t.none}</p>`;
  const rows = lines.map((e, i) => {
    const kind = e.kind ?? (e.mime?.startsWith('video/') ? 'video' : 'photo');
    const type = `${t[kind]}${e.purpose === 'act_photo' ? ` (${t.actPhoto})` : ''}${e.mime ? `, ${e.mime}` : ''}`;
    return html`<tr>
      <td>${i + 1}</td>
      <td>${type}</td>
      <td>${formatSize(e.size, lang)}</td>
      <td>${e.capturedAt ? formatLocalTime(e.capturedAt) : t.unknown}</td>
      <td class="hash">${e.sha256}</td>
    </tr>`;
  });
  return html`${heading(t.heading)}
    <table class="evidence">
      <thead>
        <tr>
          ${t.columns.map((c) => html`<th>${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="small">${t.note}</p>`;
}

const CSS = `
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt;
  line-height: 1.4; color: #000; background: #fff; margin: 0 auto; max-width: 174mm; padding: 8mm 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.05em; }
.subtitle { text-align: center; margin: 0 0 6mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; }
dl { display: grid; grid-template-columns: 55mm 1fr; gap: 1.5mm 4mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; white-space: pre-wrap; }
.text { white-space: pre-wrap; border: 0.3mm solid #000; padding: 2mm 3mm; min-height: 18mm; }
.refused { font-weight: bold; text-transform: uppercase; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; }
th, td { border: 0.3mm solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
.hash { font-family: "Courier New", Courier, monospace; font-size: 8pt; word-break: break-all; }
.small { font-size: 9pt; }
.sign { display: grid; grid-template-columns: 60mm 1fr 1fr; gap: 2mm 4mm; margin-top: 6mm; align-items: end; }
.line { border-bottom: 0.3mm solid #000; min-height: 8mm; }
.under { font-size: 8pt; text-align: center; }
.addressee { margin-left: 85mm; margin-bottom: 6mm; }
.toolbar { text-align: right; margin-bottom: 4mm; }
.toolbar button { font: inherit; padding: 1.5mm 6mm; cursor: pointer; }
@media print { .toolbar { display: none; } body { padding: 0; max-width: none; } }
`;

/** A whole self-contained page: inline styles, no scripts or files fetched from anywhere. */
export function printPage(lang: PrintLang | 'en', title: string, body: Html): string {
  const button = { kk: 'Басып шығару', ru: 'Печать', en: 'Print' }[lang];
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new Html(CSS)}
        </style>
      </head>
      <body>
        <div class="toolbar"><button type="button" onclick="print()">${button}</button></div>
        ${body}
      </body>
    </html> `.value;
}

/** A labelled blank to sign on: name, signature. */
export function signatureRow(label: string, name: string | null, lang: PrintLang): Html {
  const under = lang === 'kk' ? ['(Т. А. Ә.)', '(қолы)'] : ['(Ф. И. О.)', '(подпись)'];
  return html`<div class="sign">
    <div>${label}</div>
    <div>
      <div class="line">${name ?? ''}</div>
      <div class="under">${under[0]}</div>
    </div>
    <div>
      <div class="line"></div>
      <div class="under">${under[1]}</div>
    </div>
  </div>`;
}
