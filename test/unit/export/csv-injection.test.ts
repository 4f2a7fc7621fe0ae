import { csvField, toCsv } from '../../../handlers/export/csv';

describe('CSV cells typed by users', () => {
  it('cannot run as spreadsheet formulas, and keep their full text', () => {
    expect(csvField('=HYPERLINK("http://x","点我")')).toBe(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3'); // numbers stay numbers
    expect(csvField('未及时整改')).toBe('未及时整改');
    expect(toCsv(['问题'], [['-2 个漏洞']])).toContain("'-2 个漏洞");
  });
});
