namespace Brokerage.Core.Requests;

/// <summary>The ethnic groups used in the children looked after return.</summary>
public static class Ethnicities
{
    public static readonly IReadOnlyList<string> All =
    [
        "White British", "White Irish", "Traveller of Irish heritage", "Gypsy or Roma", "Any other White background",
        "White and Black Caribbean", "White and Black African", "White and Asian", "Any other Mixed background",
        "Indian", "Pakistani", "Bangladeshi", "Any other Asian background",
        "Caribbean", "African", "Any other Black background",
        "Chinese", "Arab", "Any other ethnic group", "Not yet obtained",
    ];
}
