namespace ProfileEngine;

/// <summary>Marker for the SAM engine assembly.</summary>
public static class ProfileEngineAssembly;
