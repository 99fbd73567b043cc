namespace ProfileEngine.WebexSimulator.Generation;

internal static class NameData
{
    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
        "Mia", "Mateo", "Amelia", "Benjamin", "Harper", "Leo", "Evelyn", "Henry", "Aria", "Theo",
        "Chloe", "Daniel", "Nora", "Samuel", "Lily", "Omar", "Zoe", "Ravi", "Mei", "Hiroshi",
        "Fatima", "Carlos", "Ingrid", "Pierre", "Anika", "Kwame", "Sofia", "Mikhail", "Priya", "Jonas",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
        "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
        "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott",
        "Nguyen", "Kim", "Patel", "Schmidt", "Rossi", "Dubois", "Silva", "Novak", "Tanaka", "Okafor",
    ];

    public static readonly string[] Departments = ["Sales", "Engineering", "Finance", "Support", "Marketing", "Operations"];

    public static readonly string[] Titles = ["Engineer", "Manager", "Analyst", "Account Executive", "Specialist", "Director"];

    public static readonly string[] Timezones = ["America/New_York", "America/Denver", "Europe/London", "Europe/Berlin", "Asia/Tokyo"];

    public static readonly string[] Companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Wonka", "Tyrell"];
}
