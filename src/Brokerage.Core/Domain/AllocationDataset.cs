namespace Brokerage.Core.Domain;

/// <summary>Area data uploaded as CSV for an allocation model, kept so its results can be downloaded again.</summary>
public class AllocationDataset
{
    public int Id { get; set; }

    /// <summary>The model file's name without .json, e.g. "national-transfer-rota".</summary>
    public required string Model { get; set; }
    public required string Name { get; set; }

    /// <summary>True for the demo's made-up figures, which every result page labels as such.</summary>
    public bool Illustrative { get; set; }
    public required string Csv { get; set; }
    public DateTime UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}
