import { csvCell, csvDocument } from '../../src/csv';

describe('CSV cells and documents', () => {
  it('quotes as RFC 4180 says and keeps spreadsheets from reading a cell as a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(formula)).toBe(`'${formula}`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('＝1+1')).toBe("'＝1+1");
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(csvDocument([['a', 'b,c'], [], ['=x']])).toBe("a,\"b,c\"\r\n\r\n'=x\r\n");
  });
});
