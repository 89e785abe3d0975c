using System.Text;
using ConsentCloud.Web.Features.Reports;

namespace ConsentCloud.Tests.Reports;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("line\nfeed", "\"line\nfeed\"")]
    [InlineData("\"", "\"\"\"\"")]
    public void FieldsAreQuotedAsRfc4180Says(string value, string written) =>
        Assert.Equal(written, Csv.Field(value));

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+45 33 12 34 56", "'+45 33 12 34 56")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=a,b", "\"'=a,b\"")]
    public void CellsThatASpreadsheetWouldEvaluateStartWithAQuote(string value, string written) =>
        Assert.Equal(written, Csv.Field(value));

    [Theory]
    [InlineData("a=b")]
    [InlineData("https://www.bageriet.example/-/x")]
    [InlineData("2001:db8::/48")]
    public void OnlyTheFirstCharacterIsNeutralised(string value) =>
        Assert.Equal(value, Csv.Field(value));

    [Fact]
    public void RecordsEndWithCrLfAndSeparateFieldsWithCommas()
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text))
        {
            Csv.WriteRecord(writer, ["a", "b,c", "=d"]);
            Csv.WriteRecord(writer, ["e"]);
        }

        Assert.Equal("a,\"b,c\",'=d\r\ne\r\n", text.ToString());
    }
}
