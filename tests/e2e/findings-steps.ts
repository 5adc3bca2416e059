import type { Page } from 'playwright-core';

/** A real photo: a JPEG drawn by the browser itself, as a phone's gallery holds it. */
export async function drawJpeg(page: Page, caption: string, name: string) {
  const base64 = await page.evaluate((text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 360;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.fillStyle = '#1f6f8b';
    ctx.fillRect(0, 0, 480, 360);
    ctx.fillStyle = '#fff';
    ctx.font = '36px sans-serif';
    ctx.fillText(text, 40, 190);
    return canvas.toDataURL('image/jpeg', 0.85).split(',')[1] ?? '';
  }, caption);
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}
