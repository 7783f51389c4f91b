/**
 * The published results re-render: for every study under docs/results/studies/, `lrlab report`'s
 * writer run on the committed metrics gives the committed report.md and plots byte for byte.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeStudyReport } from '@lrlab/report';

const ROOT = path.resolve(__dirname, '../..');
const STUDIES = path.join(ROOT, 'docs', 'results', 'studies');

function copyInputs(from: string, dest: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'report.md' || entry.name === 'plots') continue;
    fs.cpSync(path.join(from, entry.name), path.join(dest, entry.name), { recursive: true });
  }
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
});
