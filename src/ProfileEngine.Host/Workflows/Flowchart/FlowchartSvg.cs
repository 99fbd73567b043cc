using System.Globalization;
using System.Text;
using System.Xml;

namespace ProfileEngine.Host.Workflows.Flowchart;

/// <summary>
/// Draws a diagram as inline SVG: a box per activity (name, type, state colour, linked to its details on the page)
/// and an elbow arrow per connection with its port. Written through an <see cref="XmlWriter"/>, so every name from a
/// definition file is escaped and the result is well-formed XML.
/// </summary>
public static class FlowchartSvg
{
    public const double BoxWidth = 180;
    public const double BoxHeight = 54;
    private const double Margin = 24;
    private const double LoopLaneStep = 8;
    private const int NameCharacters = 20;
    private const int TypeLineCharacters = 26;
    private const string Svg = "http://www.w3.org/2000/svg";

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        Indent = false,
    };

    public static string Render(FlowchartDiagram diagram, IReadOnlyDictionary<string, ActivityState>? states = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var boxes = Boxes(diagram);
        var edges = diagram.Edges.Where(e => boxes.ContainsKey(e.Source) && boxes.ContainsKey(e.Target)).ToList();
        var goingBack = edges.Count(e => IsBackOrLeft(boxes[e.Source], boxes[e.Target]));
        var right = boxes.Values.Select(b => b.X + BoxWidth).DefaultIfEmpty(0).Max();
        var width = right + Margin + LoopLaneStep * goingBack;
        var height = boxes.Values.Select(b => b.Y + BoxHeight).DefaultIfEmpty(0).Max() + Margin;
        var marker = "arrow-" + diagram.Anchor;

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, Settings))
        {
            xml.WriteStartElement("svg", Svg);
            xml.WriteAttributeString("class", "flowchart");
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-label", Clean($"Flowchart {diagram.Title}"));
            xml.WriteAttributeString("width", Number(width));
            xml.WriteAttributeString("height", Number(height));
            xml.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
            xml.WriteAttributeString("font-family", "system-ui, sans-serif");
            WriteArrowMarker(xml, marker);

            var lane = right + Margin;
            foreach (var group in edges.GroupBy(e => e.Source, StringComparer.Ordinal))
            {
                var fromSource = group.ToList();
                for (var i = 0; i < fromSource.Count; i++)
                {
                    var edge = fromSource[i];
                    WriteEdge(xml, edge, boxes[edge.Source], boxes[edge.Target], (i + 1) / (double)(fromSource.Count + 1), lane, marker);
                    lane += IsBackOrLeft(boxes[edge.Source], boxes[edge.Target]) ? LoopLaneStep : 0;
                }
            }

            foreach (var node in diagram.Nodes)
            {
                var state = states is not null && states.TryGetValue(node.ActivityId, out var s) ? s : ActivityState.NotRun;
                WriteBox(xml, node, boxes[node.ActivityId], state, states is not null);
            }

            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>
    /// Top-left corners, shifted so the drawing starts at the margin whatever the designer's origin was, and spread
    /// apart as much as needed for boxes drawn closer than ours to stand clear of each other.
    /// </summary>
    private static Dictionary<string, DiagramPoint> Boxes(FlowchartDiagram diagram)
    {
        var missing = FlowchartPlacement.ForNodesWithoutPosition(diagram);
        var raw = new Dictionary<string, DiagramPoint>(StringComparer.Ordinal);
        foreach (var node in diagram.Nodes)
        {
            raw[node.ActivityId] = node.Position ?? missing[node.ActivityId];
        }

        var scale = SpreadFactor([.. raw.Values]);
        var minX = raw.Values.Select(p => p.X).DefaultIfEmpty(0).Min();
        var minY = raw.Values.Select(p => p.Y).DefaultIfEmpty(0).Min();
        return raw.ToDictionary(
            p => p.Key,
            p => new DiagramPoint((p.Value.X - minX) * scale + Margin, (p.Value.Y - minY) * scale + Margin),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Elsa Studio's boxes are narrower than ours: the least enlargement (at most 3x) after which every two boxes are
    /// apart by a gap along at least one axis. Boxes at the same spot stay together, whatever the factor.
    /// </summary>
    private static double SpreadFactor(IReadOnlyList<DiagramPoint> points)
    {
        const double gap = 30;
        var factor = 1.0;
        for (var i = 0; i < points.Count; i++)
        {
            for (var j = i + 1; j < points.Count; j++)
            {
                var dx = Math.Abs(points[i].X - points[j].X);
                var dy = Math.Abs(points[i].Y - points[j].Y);
                var alongX = dx > 0 ? (BoxWidth + gap) / dx : double.PositiveInfinity;
                var alongY = dy > 0 ? (BoxHeight + gap) / dy : double.PositiveInfinity;
                var needed = Math.Min(alongX, alongY);
                if (double.IsFinite(needed))
                {
                    factor = Math.Max(factor, needed);
                }
            }
        }

        return Math.Min(factor, 3);
    }

    private static bool IsBackOrLeft(DiagramPoint source, DiagramPoint target) =>
        target.Y < source.Y + BoxHeight && target.X < source.X + BoxWidth;

    private static void WriteArrowMarker(XmlWriter xml, string id)
    {
        xml.WriteStartElement("defs", Svg);
        xml.WriteStartElement("marker", Svg);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("viewBox", "0 0 10 10");
        xml.WriteAttributeString("refX", "10");
        xml.WriteAttributeString("refY", "5");
        xml.WriteAttributeString("markerWidth", "7");
        xml.WriteAttributeString("markerHeight", "7");
        xml.WriteAttributeString("orient", "auto");
        xml.WriteStartElement("path", Svg);
        xml.WriteAttributeString("d", "M0,0 L10,5 L0,10 z");
        xml.WriteAttributeString("fill", "#4a5668");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <param name="along">Where on the source's side the arrow leaves (0..1), so a box's several ports do not overlap.</param>
    /// <param name="loopLane">The x of the lane an arrow going back up takes, right of every box.</param>
    private static void WriteEdge(XmlWriter xml, DiagramEdge edge, DiagramPoint source, DiagramPoint target, double along, double loopLane, string marker)
    {
        string path;
        double labelX, labelY;
        if (target.Y >= source.Y + BoxHeight)
        {
            // Down: leave the bottom side, bend halfway, enter the top.
            var sx = source.X + BoxWidth * along;
            var sy = source.Y + BoxHeight;
            var tx = target.X + BoxWidth / 2;
            var middle = sy + (target.Y - sy) / 2;
            path = $"M{Number(sx)},{Number(sy)} V{Number(middle)} H{Number(tx)} V{Number(target.Y)}";
            (labelX, labelY) = (sx + 4, sy + 13);
        }
        else if (target.X >= source.X + BoxWidth)
        {
            // Right: leave the right side, bend halfway, enter the left.
            var sy = source.Y + BoxHeight * along;
            var ty = target.Y + BoxHeight / 2;
            var sx = source.X + BoxWidth;
            var middle = sx + (target.X - sx) / 2;
            path = $"M{Number(sx)},{Number(sy)} H{Number(middle)} V{Number(ty)} H{Number(target.X)}";
            (labelX, labelY) = (sx + 4, sy - 4);
        }
        else
        {
            // Back up (a loop) or sideways to the left: round the right of every box.
            var sy = source.Y + BoxHeight * along;
            var ty = target.Y + BoxHeight / 2;
            path = $"M{Number(source.X + BoxWidth)},{Number(sy)} H{Number(loopLane)} V{Number(ty)} H{Number(target.X + BoxWidth)}";
            (labelX, labelY) = (source.X + BoxWidth + 4, sy - 4);
        }

        xml.WriteStartElement("g", Svg);
        xml.WriteAttributeString("class", "connection");
        xml.WriteAttributeString("data-source", Clean(edge.Source));
        xml.WriteAttributeString("data-target", Clean(edge.Target));
        xml.WriteStartElement("path", Svg);
        xml.WriteAttributeString("d", path);
        xml.WriteAttributeString("fill", "none");
        xml.WriteAttributeString("stroke", "#4a5668");
        xml.WriteAttributeString("stroke-width", "1.5");
        xml.WriteAttributeString("marker-end", $"url(#{marker})");
        xml.WriteEndElement();
        WriteText(xml, labelX, labelY, edge.SourcePort, 11, "port", halo: true);
        xml.WriteEndElement();
    }

    private static void WriteBox(XmlWriter xml, DiagramNode node, DiagramPoint at, ActivityState state, bool showState)
    {
        var (fill, stroke) = ActivityStateStyle.Colours(state);
        xml.WriteStartElement("a", Svg);
        xml.WriteAttributeString("href", "#" + (node.InnerDiagram ?? node.Anchor));
        xml.WriteStartElement("g", Svg);
        xml.WriteAttributeString("class", $"activity state-{ActivityStateStyle.CssName(state)}");
        xml.WriteAttributeString("data-activity-id", Clean(node.ActivityId));
        xml.WriteAttributeString("data-state", ActivityStateStyle.CssName(state));
        xml.WriteStartElement("title", Svg);
        xml.WriteString(Clean($"{node.Label} ({node.Type}, id {node.ActivityId}){(showState ? ": " + ActivityStateStyle.Describe(state) : "")}"));
        xml.WriteEndElement();

        xml.WriteStartElement("rect", Svg);
        xml.WriteAttributeString("class", "activity-box");
        xml.WriteAttributeString("x", Number(at.X));
        xml.WriteAttributeString("y", Number(at.Y));
        xml.WriteAttributeString("width", Number(BoxWidth));
        xml.WriteAttributeString("height", Number(BoxHeight));
        xml.WriteAttributeString("rx", "6");
        xml.WriteAttributeString("fill", fill);
        xml.WriteAttributeString("stroke", stroke);
        xml.WriteAttributeString("stroke-width", state == ActivityState.NotRun ? "1" : "2.5");
        if (state == ActivityState.Cancelled || node.InnerDiagram is not null)
        {
            xml.WriteAttributeString("stroke-dasharray", "5 3");
        }

        xml.WriteEndElement();
        WriteText(xml, at.X + 10, at.Y + 22, Fit(node.Label, NameCharacters), 13, "activity-name", halo: false, bold: true);
        var type = node.Type[(node.Type.LastIndexOf('.') + 1)..];
        // The state's word where it fits beside the type; the colour, the tooltip and the details always say it.
        var withState = $"{type} · {ActivityStateStyle.Describe(state)}";
        WriteText(xml, at.X + 10, at.Y + 40, Fit(showState && withState.Length <= TypeLineCharacters ? withState : type, TypeLineCharacters), 11, "activity-type", halo: false);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteText(XmlWriter xml, double x, double y, string value, int size, string cssClass, bool halo, bool bold = false)
    {
        xml.WriteStartElement("text", Svg);
        xml.WriteAttributeString("class", cssClass);
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteAttributeString("font-size", size.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("fill", "#1d2430");
        if (bold)
        {
            xml.WriteAttributeString("font-weight", "600");
        }

        if (halo)
        {
            xml.WriteAttributeString("stroke", "#f6f7f9");
            xml.WriteAttributeString("stroke-width", "3");
            xml.WriteAttributeString("paint-order", "stroke");
        }

        xml.WriteString(Clean(value));
        xml.WriteEndElement();
    }

    /// <summary>Cuts a text that would overflow its box; the box's tooltip keeps the whole of it.</summary>
    private static string Fit(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }

        var cut = maxCharacters - 1;
        return text[..(char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut)] + "…";
    }

    /// <summary>Drops what XML cannot carry at all (control characters, lone surrogates); the writer escapes the rest.</summary>
    private static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    private static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
