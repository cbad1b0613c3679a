namespace DataflowLung.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: bench <features|pipeline|train> [options]  (modes arrive with their issues)");
        return args.Length == 0 ? 2 : 2;
    }
}
