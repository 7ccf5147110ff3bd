using Brokerage.Core.Council;
using QRCoder;

namespace Brokerage.Web.Pages.Account.TwoFactor;

/// <summary>What an authenticator app needs to be set up: the key to type, or a QR code to scan.</summary>
public static class AuthenticatorSetup
{
    /// <summary>The name the app lists the account under, beside the user's email address: "Ambershire Brokerage".</summary>
    public static string Issuer(CouncilOptions council) => $"{council.ShortName} {council.ServiceName}";

    /// <summary>"abcd efgh …": lower case is quicker to type on a phone, and base32 ignores case.</summary>
    public static string FormatKey(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(group => new string(group)));

    /// <summary>The otpauth:// address the QR code holds (the Key URI format authenticator apps read).</summary>
    public static string Uri(string issuer, string email, string key) =>
        $"otpauth://totp/{Escape(issuer)}:{Escape(email)}?secret={key}&issuer={Escape(issuer)}&digits=6";

    /// <summary>
    /// The QR code as an SVG element to put in the page: the content security policy allows no
    /// inline style, and QRCoder draws with presentation attributes only.
    /// </summary>
    public static string QrCodeSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#0b0c0c", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.WidthHeightAttribute);
    }

    private static string Escape(string value) => System.Uri.EscapeDataString(value);
}
