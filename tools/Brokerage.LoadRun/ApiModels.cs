namespace Brokerage.LoadRun;

// The parts of the JSON API's answers (src/Brokerage.Web/Api/ApiModels.cs) the run reads.
// Enums stay text: the tool only compares them.

public sealed record PlacementRequestJson(int Id, string Reference);

public sealed record MatchingRunJson(int Id, IReadOnlyList<CandidateJson> Candidates);

public sealed record CandidateJson(int SettingId, string ProviderName, string Outcome);

public sealed record ReferralJson(int Id, int PlacementRequestId, string ProviderName, string Status, DateTimeOffset? RespondedAt, OfferJson? Offer, string? DeclineReason);

public sealed record OfferJson(int Id, decimal WeeklyCost);
