using System.Text;

namespace PolicyRegister.Gazettes;

/// <summary>Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; binary and empty input are refused.</summary>
public static class GazetteText
{
    public const int MaxBytes = 32 * 1024 * 1024;

    static GazetteText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) throw new GazetteFormatException("文件为空 (the file is empty)");
        if (bytes.Length > MaxBytes) throw new GazetteFormatException($"文件过大 (over {MaxBytes / 1024 / 1024} MiB)");

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];

        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0) throw new GazetteFormatException("这不是文本文件 (the file contains NUL bytes: it is binary, not text)");
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0c) controls++;
        }
        if (controls > sample.Length / 100 + 8) throw new GazetteFormatException("这不是文本文件 (too many control characters: the file looks binary)");

        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            return (strict.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            var gb = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            try
            {
                var text = gb.GetString(bytes);
                if (!text.Any(c => c is >= '\u4e00' and <= '\u9fff'))
                    throw new GazetteFormatException("无法识别文件编码 (neither UTF-8 nor GB18030 text with Chinese characters)");
                return (text, "gb18030");
            }
            catch (DecoderFallbackException)
            {
                throw new GazetteFormatException("无法识别文件编码 (neither UTF-8 nor GB18030)");
            }
        }
    }
}
