using ProfileEngine.Benchmarks;

return await BenchmarkCommand.RunAsync(args);
