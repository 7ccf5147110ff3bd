using System.Linq.Expressions;
using System.Reflection;
using Brokerage.Core.Matching;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace Brokerage.Core.Rules;

/// <summary>
/// What a rule expression may touch: the request, the setting and the facts, and plain values
/// (text, numbers, dates, Math, collections and LINQ over them). Everything else — types,
/// assemblies, reflection, Convert.ChangeType, the file system, the environment — is refused when
/// the file is loaded, before any expression runs. Dynamic LINQ refuses to invoke most of these
/// already; this refuses to compile them at all, so a rule file cannot so much as look at a type.
/// </summary>
public static class RuleExpressionGuard
{
    private static readonly HashSet<Type> ValueTypes =
    [
        typeof(object), typeof(string), typeof(char), typeof(bool),
        typeof(byte), typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal),
        typeof(DateTime), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan), typeof(DateTimeOffset),
        typeof(Math), typeof(Enum), typeof(Nullable<>), typeof(Enumerable),
        typeof(StringComparison),
    ];

    private static readonly HashSet<string> RefusedMembers = new(StringComparer.Ordinal) { nameof(GetType) };

    /// <summary>Throws a <see cref="RuleFileException"/> naming the rule when its expression reaches beyond its inputs.</summary>
    public static void Check(RuleExpressionParser parser, RuleParameter[] parameters, string file, string ruleName, string expression)
    {
        Expression parsed;
        try
        {
            parsed = parser.Parse(expression, [.. parameters.Select(p => p.ParameterExpression)], null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new RuleFileException(file, ruleName, "the expression does not compile: " + ex.Message);
        }

        var visitor = new Visitor();
        visitor.Visit(parsed);
        if (visitor.Refused is { } what)
        {
            throw new RuleFileException(file, ruleName, $"the expression uses {what}, which rules may not use: only the request, the setting, the facts and plain values (text, numbers, dates, Math, lists)");
        }
    }

    /// <summary>Whether an expression may hold or call on a value of this type.</summary>
    public static bool IsAllowed(Type type)
    {
        if (type.IsArray)
        {
            return IsAllowed(type.GetElementType()!);
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            return (ValueTypes.Contains(definition) || IsCollection(definition) || IsInput(definition))
                && type.GetGenericArguments().All(IsAllowed);
        }

        return ValueTypes.Contains(type) || IsInput(type) || IsCollection(type);
    }

    // The inputs are Core's own records and enums.
    private static bool IsInput(Type type) => type.Assembly == typeof(MatchFacts).Assembly && type.Namespace?.StartsWith("Brokerage.Core", StringComparison.Ordinal) == true;

    private static bool IsCollection(Type type) =>
        type.Namespace is "System.Collections.Generic" or "System.Collections" && type.Assembly == typeof(List<>).Assembly
        || type.Namespace == "System.Collections.Generic" && type.Name.StartsWith("IReadOnly", StringComparison.Ordinal);

    private sealed class Visitor : ExpressionVisitor
    {
        public string? Refused { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (Refused is not null || node is null)
            {
                return node;
            }

            if (node.NodeType != ExpressionType.Lambda && !IsAllowed(node.Type))
            {
                Refused = "a value of type " + node.Type.Name;
                return node;
            }

            return base.Visit(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Refuse(node.Method);
            return Refused is null ? base.VisitMethodCall(node) : node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            Refuse(node.Member);
            return Refused is null ? base.VisitMember(node) : node;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            if (!IsAllowed(node.Type))
            {
                Refused = "new " + node.Type.Name;
            }

            return Refused is null ? base.VisitNew(node) : node;
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.Method is { } method)
            {
                Refuse(method);
            }

            return Refused is null ? base.VisitUnary(node) : node;
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.Method is { } method)
            {
                Refuse(method);
            }

            return Refused is null ? base.VisitBinary(node) : node;
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            Refused = "a delegate call";
            return node;
        }

        private void Refuse(MemberInfo member)
        {
            var declaring = member.DeclaringType;
            if (declaring is null || !IsAllowed(declaring) || RefusedMembers.Contains(member.Name))
            {
                Refused = $"{declaring?.Name}.{member.Name}";
            }
        }
    }
}
