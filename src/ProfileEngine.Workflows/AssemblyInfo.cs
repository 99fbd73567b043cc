namespace ProfileEngine.Workflows;

/// <summary>Marker for the workflow runtime assembly; the runtime itself arrives with the workflow-runtime issue.</summary>
public static class WorkflowsAssembly;
