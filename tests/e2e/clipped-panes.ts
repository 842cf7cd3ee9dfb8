import type { Page } from 'playwright-core';

/**
 * Issue 18's "no clipped panel", measured in the page: every pane lies inside the viewport, a pane whose content is
 * taller (or wider) than itself scrolls on its own, the document never scrolls, and the panes that hold the work keep
 * room. Returns the problems in words (empty: nothing clipped), so a failure names the pane and the numbers.
 */
export interface PaneRule {
  name: string;
  selector: string;
  /** Absent panes (the jobs list with no jobs, a closed dialog) are fine unless required. */
  required?: boolean;
  /** The least height the pane may be squeezed to, px. */
  minHeight?: number;
  /** Side panels must not scroll sideways: a row wider than the panel is cut, not scrolled. */
  noSideways?: boolean;
}

export const PANES: PaneRule[] = [
  { name: 'top bar', selector: '.topbar', required: true, minHeight: 20 },
  { name: 'picture', selector: '[data-testid=viewer]', required: true, minHeight: 120 },
  { name: 'playback bar', selector: '[data-testid=playback-bar]', required: true, minHeight: 20 },
  { name: 'timeline', selector: '[data-testid=timeline]', required: true, minHeight: 80 },
  { name: 'inspector', selector: '[data-testid=inspector]', required: true, minHeight: 80, noSideways: true },
  { name: 'suggestions', selector: '.lib-suggest', minHeight: 40, noSideways: true },
  // Two rows of clips at least: one and a half (issue 18's screenshot) is a list you cannot work in.
  { name: 'library list', selector: '[data-testid=library-list]', required: true, minHeight: 72, noSideways: true },
  { name: 'library preview', selector: '[data-testid=library-preview]', minHeight: 30 },
  { name: 'jobs', selector: '[data-testid=jobs]', minHeight: 30 },
  // The mix's level reads at all times: the master meter's label lies inside the timeline's visible box whatever the
  // track count or the jobs list under it (the README screenshot had it scrolled under the jobs panel).
  { name: 'master meter', selector: '[data-testid=meter-text]', required: true, minHeight: 8 },
  { name: 'status bar', selector: '.statusbar', required: true, minHeight: 12 },
  { name: 'dialog', selector: '.modal' },
];

export function clippedPanes(page: Page, panes: PaneRule[] = PANES): Promise<string[]> {
  return page.evaluate((rules) => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const doc = document.scrollingElement!;
    if (doc.scrollHeight > vh || doc.scrollWidth > vw) problems.push(`the document scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${vw}×${vh}`);
    if (doc.scrollTop !== 0) problems.push(`the document is scrolled by ${doc.scrollTop} px`);
    const scrolls = (v: string) => v === 'auto' || v === 'scroll';
    for (const r of rules) {
      const el = document.querySelector<HTMLElement>(r.selector);
      if (!el) {
        if (r.required) problems.push(`${r.name}: missing`);
        continue;
      }
      const b = el.getBoundingClientRect();
      const box = `${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}×${Math.round(b.height)}`;
      // Half a pixel for sub-pixel layout.
      if (b.left < -0.5 || b.top < -0.5 || b.right > vw + 0.5 || b.bottom > vh + 0.5) problems.push(`${r.name}: ${box} is not inside the ${vw}×${vh} viewport`);
      if (r.minHeight !== undefined && b.height < r.minHeight) problems.push(`${r.name}: squeezed to ${Math.round(b.height)} px (< ${r.minHeight})`);
      const style = getComputedStyle(el);
      // 1 px for rounding between the content box and the layout.
      if (el.scrollHeight > el.clientHeight + 1 && !scrolls(style.overflowY)) problems.push(`${r.name}: content ${el.scrollHeight} px tall in ${el.clientHeight} px, overflow-y ${style.overflowY} (cut off)`);
      if (el.scrollWidth > el.clientWidth + 1) {
        if (r.noSideways) problems.push(`${r.name}: content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
        else if (!scrolls(style.overflowX)) problems.push(`${r.name}: content ${el.scrollWidth} px wide in ${el.clientWidth} px, overflow-x ${style.overflowX} (cut off)`);
      }
      // A pane inside a pane that clips it (overflow hidden) is cut even when its own box looks whole.
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ps = getComputedStyle(p);
        if (ps.overflow === 'visible') continue;
        // scrollIntoView scrolls even an overflow-hidden box: the app moved up and hid the top bar (defect 3).
        if (!scrolls(ps.overflowY) && !scrolls(ps.overflowX) && (p.scrollTop !== 0 || p.scrollLeft !== 0)) {
          problems.push(`${r.name}: its container ${p.className || p.tagName} (overflow ${ps.overflow}) is scrolled by ${p.scrollLeft},${p.scrollTop} px`);
          break;
        }
        const pb = p.getBoundingClientRect();
        if (b.top < pb.top - 0.5 || b.bottom > pb.bottom + 0.5 || b.left < pb.left - 0.5 || b.right > pb.right + 0.5) {
          problems.push(`${r.name}: ${box} runs out of its container ${p.className || p.tagName} (${Math.round(pb.top)}–${Math.round(pb.bottom)})`);
          break;
        }
      }
    }
    return problems;
  }, panes);
}
