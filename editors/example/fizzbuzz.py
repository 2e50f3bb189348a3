def fizzbuzz(n):
    """Return "Fizz", "Buzz", "FizzBuzz" or the number as text."""
    if n % 15 == 0:
        return 
    if n % 3 == 0:
        return "Fizz"
    if n % 5 == 0:
        return "Buzz"
    return str(n)
