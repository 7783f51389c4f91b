/**
 * The published results re-render: for every study under docs/results/studies/, `lrlab report`'s
 * writer run on the committed metrics gives the committed report.md and plots byte for byte; and
 * every patch-claims block of a page under docs/results/ (written by patch-claims.mjs --block) is
 * what `renderPatchClaims` gives on the studies it names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadStudy, patchClaims, renderPatchClaims, writeStudyReport, type PatchClaimsOptions } from '@lrlab/report';

const ROOT = path.resolve(__dirname, '../..');
const STUDIES = path.join(ROOT, 'docs', 'results', 'studies');

function copyInputs(from: string, dest: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'report.md' || entry.name === 'plots') continue;
    fs.cpSync(path.join(from, entry.name), path.join(dest, entry.name), { recursive: true });
  }
}

/** The patch-claims blocks of the pages under docs/results/: the page, the inputs the block names, and its body. */
function claimBlocks(): { page: string; inputs: PatchClaimsOptions & { patched: string; unpatched: string }; body: string }[] {
  const pages = fs.readdirSync(path.join(ROOT, 'docs', 'results')).filter((name) => name.endsWith('.md'));
  return pages.flatMap((page) =>
    [...fs.readFileSync(path.join(ROOT, 'docs', 'results', page), 'utf8').matchAll(/^<!-- patch-claims (\{.*\}) -->\n([\s\S]*?)^<!-- \/patch-claims -->$/gm)].map((m) => ({
      page,
      inputs: JSON.parse(m[1]!) as PatchClaimsOptions & { patched: string; unpatched: string },
      body: m[2]!,
    })),
  );
}

const studies = fs.existsSync(STUDIES) ? fs.readdirSync(STUDIES).filter((name) => fs.existsSync(path.join(STUDIES, name, 'study.json'))) : [];

describe('published results', () => {
  it('exist', () => {
    expect(studies.length).toBeGreaterThan(0);
  });

  it.each(studies)('%s: report.md and plots re-render unchanged from the committed metrics', async (name) => {
    const committed = path.join(STUDIES, name);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lrlab-results-${name}-`));
    try {
      copyInputs(committed, dir);
      const written = await writeStudyReport(dir);
      expect(fs.readFileSync(written.reportPath, 'utf8')).toBe(fs.readFileSync(path.join(committed, 'report.md'), 'utf8'));
      const plots = fs.readdirSync(path.join(dir, 'plots')).sort();
      expect(plots).toEqual(fs.readdirSync(path.join(committed, 'plots')).sort());
      for (const file of plots) {
        const fresh = fs.readFileSync(path.join(dir, 'plots', file));
        expect({ file, same: fresh.equals(fs.readFileSync(path.join(committed, 'plots', file))) }).toEqual({ file, same: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(claimBlocks().map((b) => [`${b.page}: ${b.inputs.patched}`, b] as const))('%s: the patch-claims block follows from the studies it names', (_label, block) => {
    const { patched, unpatched, ...options } = block.inputs;
    const claims = patchClaims(loadStudy(path.join(ROOT, patched)), loadStudy(path.join(ROOT, unpatched)), options);
    expect(block.body).toBe(renderPatchClaims(claims));
  });
});
