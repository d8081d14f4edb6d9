"""What each step says to the person: why it matters, a few prompts, and a worked example."""

from __future__ import annotations

from dataclasses import dataclass

from canvas.core.labels import METHOD_TERMS


@dataclass(frozen=True)
class Guidance:
    why: str
    prompts: tuple[str, ...]
    example: str


GUIDANCE: dict[str, Guidance] = {
    "goal": Guidance(
        why="Your customer strategy is your business strategy told through your customers: which "
        "customers you want more of, fewer of, or a different relationship with, and why.",
        prompts=(
            "In 12 months, what has to be true for the business?",
            "What do you stand for? What difference do you want to make for the people you serve?",
        ),
        example="Crumb & Co., a neighbourhood bakery-café: “Lift annual contribution 15% without "
        "longer opening hours, and calm the weekend rush.”",
    ),
    "groups": Guidance(
        why="Customers are not all alike. Groups that differ in {behaviour} need different plans.",
        prompts=(
            "What really separates your customers: how they buy, what they spend, whether they "
            "recommend you? Age or postcode is a start, not the answer.",
            "Add at least one group that isn't a customer yet.",
            "Group people by the job they are trying to get done, not by what they bought.",
        ),
        example="The bakery has weekday commuters (takeaway coffee, 2–3 times a week, pay by "
        "phone) and weekend brunch families (tables of 3–5, book by phone, post photos).",
    ),
    "value-to-customer": Guidance(
        why="People stay and recommend you when they get real value. Describe it in their words "
        "before thinking about your products.",
        prompts=(
            "What are they trying to get done? What gets in the way? What would delight them?",
            "What do they say when they recommend you, or when they complain?",
        ),
        example="Commuters want a good coffee without missing the train. Their biggest pain is a "
        "queue of more than four minutes; order-ahead in the app relieves it.",
    ),
    "value-to-business": Guidance(
        why="Some groups are worth far more to you than others. Lifetime value on margin, and "
        "whether they recommend you, show which.",
        prompts=(
            "Use margin, not sales: what is left after stock, ingredients, commissions and direct "
            "labour.",
            "Retention: of 10 customers in this group a year ago, how many still buy from you?",
            f"{METHOD_TERMS['recommendation_score'].name}: if you haven't asked, give your honest "
            "guess and mark it as a guess.",
        ),
        example="Commuters spend $6.20 about 110 times a year at 58% margin: $396 margin a year. "
        "With 60% staying each year, each is worth about $870 from today.",
    ),
    "value-map": Guidance(
        why="Putting both sides of the exchange on one map shows where to grow, where to fix and "
        "where to let go.",
        prompts=(
            "Top right is your sweet spot: customers who get what you do and are worth most to you.",
            "Top left are at risk: valuable to you but not well served. Bottom right love you, but "
            "you keep little of the value.",
        ),
        example="At the bakery, office catering is at risk: worth a lot, but two late deliveries "
        "last quarter sent one account looking for quotes.",
    ),
    "intent": Guidance(
        why="A strategy is a choice. For each group, decide what you intend, what you expect to "
        "see, and what your customer mix should look like.",
        prompts=(
            "Which one or two groups are the best ones to grow?",
            "Where must you change the relationship so both sides get more? Is there any "
            "relationship you should end?",
            "What will you see when it works? Put a number and a date on it.",
        ),
        example="The bakery keeps commuters (retention 60% → 65%), grows brunch families (350 → "
        "450), and retires the delivery-app bargain buyers (420 → 210).",
    ),
    "propositions": Guidance(
        why="People connect on two levels: why you do what you do, and what you offer them.",
        prompts=(
            "Why: what do you believe that this group also cares about?",
            "What: which products or services make that real for them, and which pain or gain do "
            "they address?",
        ),
        example="For brunch families: why “Weekends are for being together, not for waiting”; "
        "what “Booked family tables, a kids' menu, and a ‘table ready’ text.”",
    ),
    "hangouts": Guidance(
        why="Reach people where they already gather, and build places where they come to you.",
        prompts=(
            "Where do these people gather, in person first and then online? Go there as a "
            "participant, not an advertiser.",
            "What do they need to know to buy and enjoy what you sell? What could you learn there?",
        ),
        example="Brunch families gather at the school gate, in parents' WhatsApp groups and at "
        "Saturday junior sport.",
    ),
    "summary": Guidance(
        why="Your strategy on one page, to print, share or send as a workbook.",
        prompts=("Check the open points below, then download the workbook to share it.",),
        example="",
    ),
}


# Questions a coach can ask the client at each step; shown in presenter view only.
COACH_QUESTIONS: dict[str, tuple[str, ...]] = {
    "goal": (
        "If we met again in a year and you were delighted, what would have happened?",
        "What would you refuse to do to get there?",
    ),
    "groups": (
        "Think of your three favourite customers. What do they have in common in how they buy?",
        "Who takes up a lot of your time for little return?",
        "Who should be buying from you but isn't?",
    ),
    "value-to-customer": (
        "What would this group do if you closed tomorrow?",
        "What do they say about you when they recommend you?",
        "What frustrates them most, with you or with anyone else?",
    ),
    "value-to-business": (
        "Of ten customers in this group a year ago, how many are still with you?",
        "What does serving them cost you that doesn't show up on the invoice?",
        "How sure are you of these numbers? Which one would you check first?",
    ),
    "value-map": (
        "Does this picture match your gut feeling? Where does it surprise you?",
        "Which group would you least like to lose?",
    ),
    "intent": (
        "If you could only grow one group, which one and why?",
        "What would have to change for this group to be worth more to you?",
        "What number will tell you, a year from now, that it worked?",
    ),
    "propositions": (
        "Why did you start this business? Which group cares about that most?",
        "Which offer would make this group say 'that's exactly what I need'?",
    ),
    "hangouts": (
        "Where did you meet your best customers?",
        "Where could you show up as a helpful participant, not a seller?",
    ),
    "summary": (
        "What are the first two things you will do on Monday?",
        "What do you need to check before you commit?",
    ),
}


# Typical margins by kind of business, as a starting point for an estimate (METHOD §2.7; the
# figures come from public benchmarks and are a guide, not advice).
MARGIN_HINTS: dict[str, str] = {
    "b2c_retail_hospitality": "Cafés often keep 60–75% on coffee and less on food once direct "
    "staff time is counted.",
    "b2b_services": "Managed IT and similar service firms typically keep 38–49% after technician "
    "time.",
    "nonprofit": "For gifts, net contribution is what is left after the cost of raising and "
    "thanking them (often 80–95%).",
}
