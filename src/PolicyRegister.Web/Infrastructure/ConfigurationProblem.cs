namespace PolicyRegister.Web.Infrastructure;

/// <summary>Configuration that the register cannot start with; the command line prints its message alone.</summary>
public sealed class ConfigurationProblem(string message) : Exception(message);
